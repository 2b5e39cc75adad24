import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// The whole claim over a real socket.
@Suite struct LiveServerTests {
    @Test func wholeClaimOverARealSocket() async throws {
        var config = testConfig()
        config.port = 0
        let database = try seededDatabase(config)
        let app = try await buildApplication(config: config, root: packageRoot)
        try await app.test(.live) { client in
            var browser = Browser(client)
            #expect(try await browser.claim(last: "Núñez", first: "José", id: "1234567").location == "/claim/complete")
            let page = try await browser.get("/claim/complete")
            #expect(page.text.contains(#"<strong class="username">s1234567</strong>"#))
        }
        #expect(try await database.student(id: "1234567")?.isClaimed == true)
        #expect(try await database.auditEvents(subject: "1234567").allSatisfy { $0.clientAddress == "127.0.0.1" || $0.clientAddress == "::1" })
    }
}

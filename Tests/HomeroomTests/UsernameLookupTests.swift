import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Forgot Username: the claim's matching, the claim's generic failure, five a day per account.
@Suite struct UsernameLookupTests {
    @Test func claimedStudentIsShownTheirUsername() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            let page = try await browser.lookUpUsername()
            #expect(page.status == .ok && page.text.contains(#"<strong class="username">s0012345</strong>"#))
        }
    }

    @Test func wrongNameGetsTheClaimsGenericFailure() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            let page = try await browser.lookUpUsername(last: "OBrien")
            #expect(page.text.contains("The Claim Account Operation Failed.") && !page.text.contains("s0012345"))
        }
    }

    @Test func unclaimedStudentGetsTheGenericFailure() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.lookUpUsername()
            #expect(page.text.contains("The Claim Account Operation Failed."))
        }
    }

    @Test func idWithAnSIsAFormatError() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.lookUpUsername(id: "s0012345")
            #expect(page.status == .unprocessableContent && page.text.contains("leave out the S"))
        }
    }

    @Test func sixthRequestOfTheDayIsRefused() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            for _ in 0..<5 { try await browser.lookUpUsername() }
            let page = try await browser.lookUpUsername()
            #expect(page.status == .tooManyRequests && page.text.contains("too many times today"))
        }
    }

    @Test func limitEndsTheNextDay() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            for _ in 0..<6 { try await browser.lookUpUsername() }
            clock.advance(minutes: 24 * 60)
            #expect(try await browser.lookUpUsername().status == .ok)
        }
    }

    @Test func limitIsPerAccount() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            for _ in 0..<6 { try await browser.lookUpUsername() }
            #expect(try await browser.lookUpUsername(last: "Núñez", first: "José", id: "1234567").status == .ok)
        }
    }

    @Test func requestsAreAudited() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.lookUpUsername()
            let event = try await database.auditEvents(subject: "0012345").first
            #expect(event?.action.rawValue == "username.lookup" && event?.reason == "not_claimed")
        }
    }
}

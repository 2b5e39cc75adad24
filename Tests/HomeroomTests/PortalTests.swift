import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// The portal home: the district's resources, by role; and the hash upgrade at sign-in.
@Suite struct PortalTests {
    func configWithResources() -> AppConfig {
        var config = testConfig()
        config.resources = [
            PortalResource(name: "Library", url: "https://library.example.org/", icon: "https://cdn.example.org/book.png"),
            PortalResource(name: "Gradebook", url: "https://grades.example.org/", roles: [.teacher, .admin]),
        ]
        return config
    }

    @Test func studentSeesTheResourcesForStudents() async throws {
        try await withApp(configWithResources()) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            let page = try await browser.get("/portal").text
            #expect(page.contains("https://library.example.org/") && !page.contains("Gradebook"))
        }
    }

    @Test func teacherSeesTheResourcesForTeachers() async throws {
        try await withApp(configWithResources()) { client, database in
            try database.addStaffForTest("arivera", role: .teacher)
            var browser = Browser(client)
            try await browser.signIn("arivera")
            #expect(try await browser.get("/portal").text.contains("Gradebook"))
        }
    }

    @Test func iconOriginIsAllowedByTheContentSecurityPolicy() async throws {
        try await withApp(configWithResources()) { client, _ in
            var browser = Browser(client)
            let csp = try await browser.get("/").headers[.contentSecurityPolicy] ?? ""
            #expect(csp.contains("img-src 'self' data: https://cdn.example.org;"))
        }
    }

    @Test func portalWithNoResourcesSaysSo() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            #expect(try await browser.get("/portal").text.contains("not added any resources yet"))
        }
    }

    @Test func portalIsNotCached() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            #expect(try await browser.get("/portal").headers[.cacheControl] == "no-store")
        }
    }

    @Test func signInWithOldHashParametersStoresANewHash() async throws {
        var config = testConfig()
        config.hash = HashParameters(memoryKiB: 2048, iterations: 1, parallelism: 1)
        try await withApp(config) { client, database in
            try await database.claimForTest(parameters: HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1))
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            #expect(try await database.student(id: "0012345")?.passwordHash?.contains("m=2048,t=1,p=1") == true)
        }
    }

    @Test func upgradedHashStillSignsIn() async throws {
        var config = testConfig()
        config.hash = HashParameters(memoryKiB: 2048, iterations: 1, parallelism: 1)
        try await withApp(config) { client, database in
            try await database.claimForTest(parameters: HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1))
            var first = Browser(client), second = Browser(client)
            try await first.signIn("s0012345")
            #expect(try await second.signIn("s0012345").location == "/portal")
        }
    }
}

/// A tile that names a registered app starts that app's sign-in.
@Suite struct PortalLaunchTests {
    @Test func aTileNamingAnAppLinksToItsInitiateLoginURI() async throws {
        var config = testConfig()
        config.publicURL = "https://portal.example.org"
        config.resources = [PortalResource(name: "Canvas", url: "", client: "canvas")]
        try await withApp(config) { client, database in
            var settings = OIDCClient.Settings(redirectURIs: ["https://canvas.example.org/callback"])
            settings.initiateLoginURI = "https://canvas.example.org/login/oidc"
            try database.addClient(OIDCClient(clientID: "canvas", name: "Canvas", secretHash: nil, settings: settings), at: Date(),
                                   audit: .test(.addClient))
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            #expect(try await browser.get("/portal").text.contains("https://canvas.example.org/login/oidc?iss=https://portal.example.org"))
        }
    }

    @Test func aTileNamingAnUnknownAppIsLeftOut() async throws {
        var config = testConfig()
        config.resources = [PortalResource(name: "Ghost app", url: "", client: "ghost")]
        try await withApp(config) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            #expect(!(try await browser.get("/portal").text.contains("Ghost app")))
        }
    }
}

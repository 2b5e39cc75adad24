import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// Both steps of sign-in through the real router: the way in, and every way of failing alike.
@Suite struct LoginRouterTests {
    @Test func landingAsksForTheUsernameOnly() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.text.contains(#"action="/login""#) && page.text.contains(#"name="username""#))
            #expect(!page.text.contains(#"name="password""#))
        }
    }

    @Test func knownUsernameGoesOnToThePasswordStep() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.get("/")
            #expect(try await browser.post("/login", [("username", "s0012345")]).location == "/login/password")
        }
    }

    @Test func unknownUsernameGoesOnToThePasswordStepToo() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/")
            #expect(try await browser.post("/login", [("username", "s9999999")]).location == "/login/password")
        }
    }

    @Test func emptyUsernameIsAskedForAgain() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/")
            let response = try await browser.post("/login", [("username", " ")])
            #expect(response.status == .unprocessableContent && response.text.contains("Enter your username."))
        }
    }

    @Test func passwordStepShowsTheUsernameAndAWayBack() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/")
            try await browser.post("/login", [("username", "S0012345")])
            let page = try await browser.get("/login/password")
            #expect(page.text.contains(#"<strong class="username">s0012345</strong>"#))
            #expect(page.text.contains("Not you?"))
        }
    }

    @Test func passwordStepWithoutAUsernameGoesBackToTheStart() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/login/password")
            #expect(response.location == "/?expired=1")
        }
    }

    @Test func rightPasswordLandsOnThePortal() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            #expect(try await browser.signIn("s0012345").location == "/portal")
            #expect(try await browser.get("/portal").text.contains("Hello, Mary Kate"))
        }
    }

    /// The page a failed sign-in of `username` shows, with `password`.
    func failurePage(_ username: String, password: String = testPassword,
                     setUp: @escaping @Sendable (AppDatabase) async throws -> Void = { _ in }) async throws -> TestResponse {
        try await withApp { client, database in
            try await setUp(database)
            var browser = Browser(client)
            return try await browser.signIn(username, password: password)
        }
    }

    @Test func wrongPasswordGetsTheFixedMessage() async throws {
        let page = try await failurePage("s0012345", password: "not the password") { try await $0.claimForTest() }
        #expect(page.status == .ok && page.text.contains("Invalid username or password."))
    }

    @Test func unknownStudentGetsTheSamePageAsAWrongPassword() async throws {
        let wrong = try await failurePage("s0012345", password: "not the password") { try await $0.claimForTest() }
        let unknown = try await failurePage("s9999999", password: "not the password")
        #expect(unknown.status == wrong.status)
        #expect(unknown.text.replacingOccurrences(of: "s9999999", with: "s0012345").withoutTokens
                == wrong.text.withoutTokens)
    }

    @Test func unclaimedStudentGetsTheFixedMessage() async throws {
        #expect(try await failurePage("s1234567").text.contains("Invalid username or password."))
    }

    @Test func disabledStudentWithTheRightPasswordGetsTheFixedMessage() async throws {
        let page = try await failurePage("s0012345") { database in
            try await database.claimForTest()
            let roster = sampleRosterCSV.split(separator: "\n").filter { !$0.hasPrefix("0012345") }.joined(separator: "\n")
            _ = try database.importRoster(csv: roster, deactivateMissing: true)
        }
        #expect(page.text.contains("Invalid username or password."))
    }

    @Test func unknownStaffNameGetsTheFixedMessage() async throws {
        #expect(try await failurePage("nobody").text.contains("Invalid username or password."))
    }

    @Test func staffWithALocalPasswordSignsIn() async throws {
        try await withApp { client, database in
            try database.addStaffForTest("arivera", role: .technician)
            var browser = Browser(client)
            #expect(try await browser.signIn("arivera").location == "/portal")
            #expect(try await browser.get("/portal").text.contains("Hello, Ana"))
        }
    }

    @Test func staffWithoutAPasswordCannotSignInWhilePAMIsOff() async throws {
        let page = try await failurePage("arivera") { try $0.addStaffForTest("arivera", password: nil) }
        #expect(page.text.contains("Invalid username or password."))
    }

    @Test func emptyPasswordIsAskedForWithoutCounting() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            let response = try await browser.signIn("s0012345", password: "")
            #expect(response.status == .unprocessableContent && response.text.contains("Enter your password."))
            #expect(try await database.signInFailures(username: "s0012345").count == 0)
        }
    }

    @Test func passwordWithoutCSRFTokenIsRefused() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.get("/")
            try await browser.post("/login", [("username", "s0012345")])
            let response = try await browser.post("/login/password", [("password", testPassword)], withToken: false)
            #expect(response.status == .forbidden)
        }
    }

    @Test func unknownUsernameStillVerifiesAHash() async throws {
        let metrics = AppMetrics()
        try await withApp(metrics: metrics) { client, _ in
            var browser = Browser(client)
            try await browser.signIn("s9999999")
            try await browser.signIn("nobody")
        }
        #expect(metrics.registry.emitToString().contains(#"homeroom_password_verify_total 2"#))
    }

    @Test func signInAndItsFailureAreAudited() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345", password: "not the password")
            try await browser.signIn("s0012345")
            let events = try await database.auditEvents(subject: "s0012345")
            #expect(events.map { "\($0.action) \($0.outcome.rawValue) \($0.reason ?? "")" }
                    == ["signin success student", "signin failure wrong_password"])
        }
    }
}

extension String {
    /// The page without its CSRF token, for comparing two pages.
    var withoutTokens: String {
        replacingOccurrences(of: #"name="csrf_token" value="[^"]*""#, with: "", options: .regularExpression)
    }
}

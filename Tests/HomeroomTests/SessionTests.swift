import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import HomeroomCore
@testable import HomeroomWeb

/// Signed-in sessions: a new id at sign-in, timeouts, sign-out, restarts and the sweep.
@Suite struct SessionTests {
    @Test func signInIssuesANewSessionID() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.get("/")
            try await browser.post("/login", [("username", "s0012345")])
            let before = browser.cookies["homeroom_session"]
            try await browser.post("/login/password", [("password", testPassword)])
            #expect(before != nil && browser.cookies["homeroom_session"] != before)
        }
    }

    @Test func sessionIDFromBeforeSignInDoesNotReachThePortal() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.get("/")
            try await browser.post("/login", [("username", "s0012345")])
            var attacker = Browser(client)
            attacker.cookies = browser.cookies
            try await browser.post("/login/password", [("password", testPassword)])
            #expect(try await attacker.get("/portal").status == .seeOther)
        }
    }

    @Test func portalWithoutASessionGoesToTheLandingPage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/portal")
            #expect(response.status == .seeOther && response.location == "/")
        }
    }

    @Test func signedInPageShowsASignOutButton() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            #expect(try await browser.get("/portal").text.contains(#"action="/logout""#))
        }
    }

    @Test func sessionIdleForTwentyMinutesEnds() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            clock.advance(minutes: 20.5)
            #expect(try await browser.get("/portal").location == "/?expired=1")
        }
    }

    @Test func sessionInUseOutlivesTheIdleTimeout() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            clock.advance(minutes: 15)
            try await browser.get("/portal")
            clock.advance(minutes: 15)
            #expect(try await browser.get("/portal").status == .ok)
        }
    }

    @Test func sessionEndsAtTheAbsoluteTimeoutThoughInUse() async throws {
        var config = testConfig()
        config.sessionAbsoluteHours = 1
        let clock = ManualClock()
        try await withApp(config, clock: clock) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            for _ in 0..<3 {
                clock.advance(minutes: 19)
                try await browser.get("/portal")
            }
            clock.advance(minutes: 4)
            #expect(try await browser.get("/portal").location == "/?expired=1")
        }
    }

    @Test func signOutEndsTheSessionOnTheServer() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            var copy = Browser(client)
            copy.cookies = browser.cookies
            try await browser.get("/portal")
            #expect(try await browser.post("/logout", []).location == "/")
            #expect(try await copy.get("/portal").status == .seeOther)
        }
    }

    @Test func signOutIsAudited() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            try await browser.get("/portal")
            try await browser.post("/logout", [])
            #expect(try await database.auditEvents(subject: "s0012345").first?.action.rawValue == "signout")
        }
    }

    @Test func sessionsEndedForTheAccountSendThePersonBack() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            try await database.endSessions(username: "s0012345")
            #expect(try await browser.get("/portal").location == "/?ended=1")
        }
    }

    @Test func sessionSurvivesARestart() async throws {
        let config = testConfig()
        let database = try seededDatabase(config)
        try await database.claimForTest()
        let cookies = try await buildApplication(config: config, root: packageRoot).test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            return browser.cookies
        }
        let status = try await buildApplication(config: config, root: packageRoot).test(.router) { client in
            var browser = Browser(client)
            browser.cookies = cookies
            return try await browser.get("/portal").status
        }
        #expect(status == .ok)
    }

    @Test func sweepDeletesExpiredSessionRecords() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345")
            clock.advance(minutes: 21)
            try await database.sweep(at: clock.now, keepFailuresFor: 86400)
            #expect(try await database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM web_session") } == 0)
        }
    }

    @Test func sessionCookieIsHttpOnlyAndLax() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.get("/")
            try await browser.post("/login", [("username", "s0012345")])
            let response = try await browser.post("/login/password", [("password", testPassword)])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("homeroom_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        }
    }
}

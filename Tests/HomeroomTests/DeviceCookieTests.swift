import Foundation
import HomeroomCore
import HummingbirdTesting
import Testing

/// OWASP's device cookies: a browser that has signed in as an account keeps working for it while
/// the school's address is throttled or someone guesses at the username elsewhere.
@Suite struct DeviceCookieTests {
    let cookies = DeviceCookies(secret: Data("a test key of thirty-two bytes!!".utf8))

    /// Fails sign-in `times` times from `browser`, cycling through `usernames`, in two requests each.
    func fail(_ browser: inout Browser, times: Int, usernames: [String]) async throws {
        try await browser.get("/")
        for attempt in 0..<times {
            try await browser.post("/login", [("username", usernames[attempt % usernames.count])])
            try await browser.post("/login/password", [("password", "wrong password")])
        }
    }

    @Test func aKnownDeviceSignsInAfterAThousandFailuresFromTheSchoolsAddress() async throws {
        try await withApp { client, database in
            try await database.claimForTest(id: "0012345")
            try await database.claimForTest(id: "7654321")
            var classmate = Browser(client)
            #expect(try await classmate.signIn("s7654321").location == "/portal")
            try await classmate.post("/logout", [])
            var attacker = Browser(client)
            try await fail(&attacker, times: 1000, usernames: ["s0012345", "s7654321", "s9999999", "mrivera", "nobody"])
            #expect(try await classmate.signIn("s7654321").location == "/portal")
        }
    }

    @Test func aBrowserWithoutADeviceCookieIsThrottledAfterAThousandFailures() async throws {
        try await withApp { client, database in
            try await database.claimForTest(id: "0012345")
            var attacker = Browser(client)
            try await fail(&attacker, times: 1000, usernames: ["s0012345", "s9999999", "nobody"])
            var classmate = Browser(client)
            #expect(try await classmate.signIn("s0012345").status == .tooManyRequests)
        }
    }

    @Test func aStudentsOwnDeviceSurvivesTwoHundredWrongPasswordsFromAnotherBrowser() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, database in
            try await database.claimForTest(id: "0012345")
            var student = Browser(client)
            try await student.signIn("s0012345")
            try await student.post("/logout", [])
            var guesser = Browser(client)
            try await guesser.get("/")
            for _ in 0..<200 {
                try await guesser.post("/login", [("username", "s0012345")])
                try await guesser.post("/login/password", [("password", "wrong password")])
                clock.advance(minutes: 20)
            }
            #expect(try await database.signInFailures(username: "s0012345").locked)
            #expect(try await student.signIn("s0012345").location == "/portal")
        }
    }

    @Test func aKnownDevicesOwnFailuresAreLimited() async throws {
        try await withApp { client, database in
            try await database.claimForTest(id: "0012345")
            var student = Browser(client)
            try await student.signIn("s0012345")
            try await student.post("/logout", [])
            try await fail(&student, times: 10, usernames: ["s0012345"])
            #expect(try await student.signIn("s0012345").status == .tooManyRequests)
        }
    }

    @Test func aResetVoidsTheDeviceCookie() async throws {
        var config = testConfig()
        config.signInThrottle.perAddress = ThrottleRule(maxFailures: 3, windowMinutes: 10, lockMinutes: 10)
        try await withApp(config) { client, database in
            try await database.claimForTest(id: "0012345")
            var student = Browser(client)
            try await student.signIn("s0012345")
            try await student.post("/logout", [])
            try await database.endSessions(username: "s0012345")
            var attacker = Browser(client)
            try await fail(&attacker, times: 3, usernames: ["nobody"])
            #expect(try await student.signIn("s0012345").status == .tooManyRequests)
        }
    }

    @Test func aSignInSetsAnHttpOnlyLongLivedDeviceCookie() async throws {
        try await withApp { client, database in
            try await database.claimForTest(id: "0012345")
            var student = Browser(client)
            let response = try await student.signIn("s0012345")
            let cookie = response.headers[values: .setCookie].first { $0.hasPrefix(DeviceCookies.name(for: "s0012345") + "=") }
            #expect(cookie?.contains("HttpOnly") == true && cookie?.contains("Max-Age=\(180 * 86400)") == true)
        }
    }

    @Test func aDeviceCookieIsRefusedForAnotherUsername() {
        let value = cookies.issue(username: "s0012345", epoch: 0)
        #expect(cookies.verify(value, username: "s7654321") == nil)
    }

    @Test func aTamperedDeviceCookieIsRefused() {
        let value = cookies.issue(username: "s0012345", epoch: 0)
        let tampered = value.replacingOccurrences(of: ".0.", with: ".1.")
        #expect(cookies.verify(tampered, username: "s0012345") == nil)
    }

    @Test func aDeviceCookieSignedWithAnotherKeyIsRefused() {
        let other = DeviceCookies(secret: Data("another key of thirty-two bytes!".utf8))
        #expect(cookies.verify(other.issue(username: "s0012345", epoch: 0), username: "s0012345") == nil)
    }

    @Test func aValidDeviceCookieNamesItsEpoch() {
        #expect(cookies.verify(cookies.issue(username: "s0012345", epoch: 3), username: "s0012345")?.epoch == 3)
    }
}

import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Sign-in throttles through the router: growing waits and the lock per account, the limit per address.
@Suite struct SignInThrottleTests {
    /// Two free failures, then a 15-second wait; the third consecutive failure locks.
    func strictConfig() -> AppConfig {
        var config = testConfig()
        config.signInThrottle.freeFailures = 2
        config.signInThrottle.lockAfterFailures = 3
        return config
    }

    @Test func attemptDuringTheWaitGets429AndTheFixedMessage() async throws {
        try await withApp(strictConfig()) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            for _ in 0..<2 { try await browser.signIn("s0012345", password: "wrong password") }
            let response = try await browser.signIn("s0012345")
            #expect(response.status == .tooManyRequests && response.text.contains("Invalid username or password."))
        }
    }

    @Test func rightPasswordAfterTheWaitSignsIn() async throws {
        let clock = ManualClock()
        try await withApp(strictConfig(), clock: clock) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            for _ in 0..<2 { try await browser.signIn("s0012345", password: "wrong password") }
            clock.advance(minutes: 0.5)
            #expect(try await browser.signIn("s0012345").location == "/portal")
        }
    }

    @Test func rightPasswordBeforeTheLimitResetsTheCount() async throws {
        try await withApp(strictConfig()) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await browser.signIn("s0012345", password: "wrong password")
            try await browser.signIn("s0012345")
            #expect(try await database.signInFailures(username: "s0012345").count == 0)
        }
    }

    /// Fails `times` times, waiting out each delay.
    func fail(_ browser: inout Browser, _ username: String, times: Int, clock: ManualClock) async throws {
        for _ in 0..<times {
            try await browser.signIn(username, password: "wrong password")
            clock.advance(minutes: 20)
        }
    }

    @Test func accountLocksAtTheLimitEvenForTheRightPassword() async throws {
        let clock = ManualClock()
        try await withApp(strictConfig(), clock: clock) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await fail(&browser, "s0012345", times: 3, clock: clock)
            #expect(try await browser.signIn("s0012345").status == .tooManyRequests)
        }
    }

    @Test func unlockedAccountSignsInAgain() async throws {
        let clock = ManualClock()
        try await withApp(strictConfig(), clock: clock) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            try await fail(&browser, "s0012345", times: 3, clock: clock)
            try await database.unlockAccount(username: "s0012345")
            #expect(try await browser.signIn("s0012345").location == "/portal")
        }
    }

    @Test func unknownUsernameLocksLikeARealOne() async throws {
        let clock = ManualClock()
        try await withApp(strictConfig(), clock: clock) { client, _ in
            var browser = Browser(client)
            try await fail(&browser, "s9999999", times: 3, clock: clock)
            #expect(try await browser.signIn("s9999999").status == .tooManyRequests)
        }
    }

    @Test func manyFailuresFromOneAddressAreThrottled() async throws {
        var config = testConfig()
        config.signInThrottle.perAddress = ThrottleRule(maxFailures: 5, windowMinutes: 10, lockMinutes: 10)
        try await withApp(config) { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            for n in 0..<5 { try await browser.signIn(String(format: "s10000%02d", n), password: "wrong password") }
            #expect(try await browser.signIn("s0012345").status == .tooManyRequests)
        }
    }

    @Test func classOfThirtyWithATypoEachIsNotThrottled() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            for n in 0..<30 {
                var browser = Browser(client)
                try await browser.signIn(String(format: "s20000%02d", n), password: "typo")
            }
            var browser = Browser(client)
            #expect(try await browser.signIn("s0012345").location == "/portal")
        }
    }

    @Test func throttledAttemptIsAudited() async throws {
        try await withApp(strictConfig()) { client, database in
            var browser = Browser(client)
            for _ in 0..<3 { try await browser.signIn("s0012345", password: "wrong password") }
            #expect(try await database.auditEvents(subject: "s0012345").first?.outcome == .throttled)
        }
    }
}

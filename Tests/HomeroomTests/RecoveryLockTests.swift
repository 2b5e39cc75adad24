import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Failed resets lock self-service reset for a day; what lifts the lock; turning reset off.
@Suite struct RecoveryLockTests {
    /// Claims the sample student, then fails the answers step `times` times.
    func failResets(_ browser: inout Browser, times: Int) async throws {
        try await browser.claim()
        try await browser.startReset("s0012345")
        for _ in 0..<times { try await browser.answerReset(RecoveryRouterTests.wrongAnswers) }
    }

    @Test func fifthFailedResetLocksReset() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await failResets(&browser, times: 5)
            let page = try await browser.answerReset()
            #expect(page.status == .tooManyRequests && page.text.contains("Too many tries."))
        }
    }

    @Test func resetLockEndsAfterADay() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, _ in
            var browser = Browser(client)
            try await failResets(&browser, times: 5)
            clock.advance(minutes: 24 * 60 + 1)
            try await browser.startReset("s0012345")
            #expect(try await browser.answerReset().location == "/forgot-password/new")
        }
    }

    @Test func signInStillWorksWhileResetIsLocked() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await failResets(&browser, times: 5)
            #expect(try await browser.signIn("s0012345").location == "/portal")
        }
    }

    @Test func technicianUnlockLiftsTheResetLock() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await failResets(&browser, times: 5)
            try await database.unlockAccount(username: "s0012345")
            #expect(try await browser.answerReset().location == "/forgot-password/new")
        }
    }

    @Test func successfulSignInClearsTheFailedResetCount() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await failResets(&browser, times: 3)
            try await browser.signIn("s0012345")
            #expect(try await database.resetFailures(username: "s0012345").count == 0)
        }
    }

    @Test func unknownUsernameLocksLikeARealOne() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let fields = answerFields(try await browser.startReset("s9999999").text)
            let answers = wellFormedAnswers(fields)
            for _ in 0..<5 { try await browser.answerReset(answers) }
            #expect(try await browser.answerReset(answers).status == .tooManyRequests)
        }
    }

    @Test func manyFailedResetsFromOneAddressAreThrottled() async throws {
        var config = testConfig()
        config.signInThrottle.perAddress = ThrottleRule(maxFailures: 3, windowMinutes: 10, lockMinutes: 10)
        try await withApp(config) { client, _ in
            var browser = Browser(client)
            for n in 0..<3 {
                let fields = answerFields(try await browser.startReset("s900000\(n)").text)
                try await browser.answerReset(wellFormedAnswers(fields))
            }
            try await browser.claim()
            try await browser.startReset("s0012345")
            #expect(try await browser.answerReset().status == .tooManyRequests)
        }
    }

    func disabledConfig() -> AppConfig {
        var config = testConfig()
        config.recovery.questionResetEnabled = false
        return config
    }

    @Test func turnedOffResetTellsTheStudentToAskTheirTeacher() async throws {
        try await withApp(disabledConfig()) { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/forgot-password")
            #expect(page.text.contains("Ask your teacher") && !page.text.contains(#"name="username""#))
        }
    }

    @Test func turnedOffResetAsksNoQuestions() async throws {
        try await withApp(disabledConfig()) { client, _ in
            var browser = Browser(client)
            try await browser.get("/forgot-password")
            try await browser.post("/forgot-password", [("username", "s0012345")])
            #expect(try await browser.get("/forgot-password/answers").location == "/forgot-password")
        }
    }
}

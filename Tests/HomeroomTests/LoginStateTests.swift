import Foundation
import Testing
@testable import HomeroomCore

/// Pure sign-in state: session limits, the account's growing delays, the username step.
@Suite struct LoginStateTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let limits = SessionLimits(idle: 20 * 60, absolute: 8 * 3600)

    func user(epoch: Int = 0) -> SignedInUser {
        SignedInUser(username: "s0012345", role: .student, firstName: "Mary Kate", signedInAt: start, epoch: epoch)
    }

    @Test func freshSessionIsValid() {
        #expect(user().status(now: start.addingTimeInterval(60), limits: limits, currentEpoch: 0) == .valid)
    }

    @Test func sessionIdleTwentyMinutesTimesOut() {
        #expect(user().status(now: start.addingTimeInterval(20 * 60), limits: limits, currentEpoch: 0) == .idleTimeout)
    }

    @Test func seenSessionStaysValidPastTheFirstIdleWindow() {
        let seen = user().seen(at: start.addingTimeInterval(15 * 60))
        #expect(seen.status(now: start.addingTimeInterval(30 * 60), limits: limits, currentEpoch: 0) == .valid)
    }

    @Test func busySessionEndsAtTheAbsoluteLimit() {
        let seen = user().seen(at: start.addingTimeInterval(8 * 3600 - 60))
        #expect(seen.status(now: start.addingTimeInterval(8 * 3600), limits: limits, currentEpoch: 0) == .absoluteTimeout)
    }

    @Test func raisedEpochEndsTheSession() {
        #expect(user().status(now: start, limits: limits, currentEpoch: 1) == .ended)
    }

    @Test func recordLifetimeIsCutShortByTheAbsoluteLimit() {
        #expect(user().recordLifetime(now: start.addingTimeInterval(8 * 3600 - 300), limits: limits) == 300)
    }

    @Test func firstFreeFailuresNeedNoWait() {
        #expect(SignInThrottle().delay(afterFailures: 4) == 0)
    }

    @Test func waitsDoubleAfterTheFreeFailuresUpToTheMaximum() {
        let rules = SignInThrottle()
        #expect([5, 6, 7, 20].map { rules.delay(afterFailures: $0) } == [15, 30, 60, 900])
    }

    @Test func usernameIsTrimmedAndLowerCased() throws {
        #expect(try LoginUsername.parse("  S0012345 ").get() == "s0012345")
    }

    @Test func sevenDigitsAloneBecomeAStudentUsername() throws {
        #expect(try LoginUsername.parse("0012345").get() == "s0012345")
    }

    @Test func emptyUsernameAsksForOne() {
        #expect(throws: FieldProblem(Message("home.usernameMissing"))) { try LoginUsername.parse("  ").get() }
    }

    @Test func overlongUsernameIsRefused() {
        #expect(throws: FieldProblem.self) { try LoginUsername.parse(String(repeating: "a", count: 65)).get() }
    }

    @Test func staffUsernameCannotLookLikeAStudent() {
        #expect(!Staff.isValidUsername("s1234567") && Staff.isValidUsername("arivera"))
    }
}

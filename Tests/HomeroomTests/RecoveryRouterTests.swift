import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Forgot my Password through the real router: the way through, and every way of failing alike.
@Suite struct RecoveryRouterTests {
    static let wrongAnswers = [("answer_birth_month", "June"), ("answer_birth_year", "2011"), ("answer_favorite_season", "fall")]

    @Test func claimedStudentIsAskedExactlyTheQuestionsAnswered() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            var other = Browser(client)
            let page = try await other.startReset("s0012345")
            #expect(answerFields(page.text) == ["answer_birth_month", "answer_birth_year", "answer_favorite_season"])
        }
    }

    @Test func unknownUsernameIsAskedThreeQuestions() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.startReset("s9999999")
            #expect(answerFields(page.text).count == 3)
        }
    }

    @Test func unknownUsernameGetsTheSameQuestionsEveryTime() async throws {
        try await withApp { client, _ in
            var first = Browser(client), second = Browser(client)
            let one = answerFields(try await first.startReset("s9999999").text)
            #expect(answerFields(try await second.startReset("s9999999").text) == one)
        }
    }

    @Test func rightAnswersLeadToTheNewPasswordStep() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            try await browser.startReset("s0012345")
            #expect(try await browser.answerReset().location == "/forgot-password/new")
        }
    }

    @Test func newPasswordWorksAtOnce() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            #expect(try await browser.resetPassword(to: "a brand new password").location == "/forgot-password/done")
            #expect(try await browser.signIn("s0012345", password: "a brand new password").location == "/portal")
        }
    }

    @Test func oldPasswordNoLongerWorks() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            try await browser.resetPassword(to: "a brand new password")
            #expect(try await browser.signIn("s0012345").text.contains("Invalid username or password."))
        }
    }

    @Test func resetEndsEveryOtherSessionOfTheAccount() async throws {
        try await withApp { client, _ in
            var signedIn = Browser(client), resetter = Browser(client)
            try await signedIn.claim()
            try await signedIn.signIn("s0012345")
            try await resetter.resetPassword(to: "a brand new password")
            #expect(try await signedIn.get("/portal").location == "/?ended=1")
        }
    }

    @Test func donePageShowsTheUsername() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            try await browser.resetPassword(to: "a brand new password")
            #expect(try await browser.get("/forgot-password/done").text.contains(#"<strong class="username">s0012345</strong>"#))
        }
    }

    @Test func wrongAnswersGetTheFixedMessage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            try await browser.startReset("s0012345")
            let page = try await browser.answerReset(Self.wrongAnswers)
            #expect(page.status == .ok && page.text.contains("The answers did not match."))
        }
    }

    @Test func unknownUsernameFailsWithTheWrongAnswersMessage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let fields = answerFields(try await browser.startReset("s9999999").text)
            let page = try await browser.answerReset(wellFormedAnswers(fields))
            #expect(page.status == .ok && page.text.contains("The answers did not match."))
        }
    }

    @Test func unclaimedStudentFailsWithTheWrongAnswersMessage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let fields = answerFields(try await browser.startReset("s1234567").text)
            let page = try await browser.answerReset(wellFormedAnswers(fields))
            #expect(page.text.contains("The answers did not match."))
        }
    }

    @Test func blankAnswerIsAskedForWithoutCounting() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.claim()
            try await browser.startReset("s0012345")
            #expect(try await browser.answerReset([("answer_birth_month", "5")]).status == .unprocessableContent)
            #expect(try await database.resetFailures(username: "s0012345").count == 0)
        }
    }

    @Test func newPasswordUnderTheRulesIsRefused() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            #expect(try await browser.resetPassword(to: "short").status == .unprocessableContent)
        }
    }

    @Test func newPasswordStepWithoutAFlowGoesBackToTheStart() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/forgot-password/new")
            #expect(response.location == "/forgot-password?expired=1")
        }
    }

    @Test func newPasswordStepBeforeTheAnswersGoesToTheAnswers() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startReset("s0012345")
            #expect(try await browser.get("/forgot-password/new").location == "/forgot-password/answers")
        }
    }

    @Test func resetAttemptsAreAudited() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.claim()
            try await browser.startReset("s0012345")
            try await browser.answerReset(Self.wrongAnswers)
            try await browser.answerReset()
            let actions = try await database.auditEvents(subject: "s0012345").prefix(3).map { "\($0.action) \($0.outcome.rawValue)" }
            #expect(actions == ["reset.answers success", "reset.answers failure", "reset.start success"])
        }
    }
}

import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// No step can be skipped; back, reload and idle time never break the flow.
@Suite struct ClaimStepOrderTests {
    @Test func questionsWithoutAFlowGoBackToTheStartSayingTheSessionExpired() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/claim/questions")
            #expect(response.status == .seeOther)
            #expect(response.location == "/claim?expired=1")
            let start = try await browser.get(response.location!)
            #expect(start.text.contains("Your session expired"))
        }
    }

    @Test func postingAStepWithoutAFlowChangesNothing() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.get("/claim")
            let response = try await browser.post("/claim/questions", Browser.goodAnswers)
            #expect(response.location == "/claim?expired=1")
            #expect(try await database.student(id: "0012345")?.isClaimed == false)
        }
    }

    @Test func questionsBeforeThePasswordRedirectToThePasswordStep() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            let response = try await browser.get("/claim/questions")
            #expect(response.location == "/claim/password")
        }
    }

    @Test func flowIdleForSixteenMinutesHasExpired() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            clock.advance(minutes: 16)
            let response = try await browser.get("/claim/password")
            #expect(response.location == "/claim?expired=1")
        }
    }

    @Test func flowIdleForFourteenMinutesGoesOn() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            clock.advance(minutes: 14)
            #expect(try await browser.get("/claim/password").status == .ok)
        }
    }

    @Test func backToThePasswordStepAndChoosingAgainStillClaims() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await browser.choosePassword("first password here")
            try await browser.choosePassword("second password here")
            #expect(try await browser.answer().location == "/claim/complete")
            let hash = try #require(try await database.student(id: "0012345")?.passwordHash)
            let hasher = PasswordHasher(parameters: HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1))
            #expect(hasher.verify("second password here", against: hash))
        }
    }

    @Test func reloadingTheQuestionsStepAfterCompletionShowsTheCompletePage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            #expect(try await browser.get("/claim/questions").location == "/claim/complete")
        }
    }

    @Test func resendingTheAnswersAfterCompletionSubmitsNothingTwice() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.claim()
            let before = try await database.student(id: "0012345")?.passwordHash
            let again = try await browser.post("/claim/questions", Browser.goodAnswers)
            #expect(again.location == "/claim/complete")
            #expect(try await database.student(id: "0012345")?.passwordHash == before)
        }
    }
}

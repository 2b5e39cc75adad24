import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// The claim flow's steps through the real router.
@Suite struct ClaimRouterTests {
    @Test func startPageShowsTheFormWithACSRFToken() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/claim")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"name="last_name""#) && page.text.contains(#"name="student_id""#))
            #expect(!browser.csrfToken.isEmpty)
        }
    }

    @Test func matchingStudentGoesOnToThePasswordStep() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            #expect(response.status == .seeOther)
            #expect(response.location == "/claim/password")
        }
    }

    @Test func wholeFlowClaimsTheAccountAndShowsTheUsernameInGreen() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            let last = try await browser.claim()
            #expect(last.location == "/claim/complete")
            let page = try await browser.get("/claim/complete")
            #expect(page.text.contains(#"<strong class="username">s0012345</strong>"#))
            #expect(page.text.contains("close this tab"))
            let student = try #require(try await database.student(id: "0012345"))
            #expect(student.isClaimed)
            #expect(try await database.answers(studentID: "0012345").count == 3)
        }
    }

    @Test func passwordStepShowsTheUsernameAndTheRulesInForce() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            let page = try await browser.get("/claim/password")
            #expect(page.text.contains(#"<strong class="username">s0012345</strong>"#))
            #expect(page.text.contains("At least 8 characters"))
        }
    }

    @Test func passwordAndAnswersAreStoredOnlyAsArgon2idHashes() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.claim(password: "correct horse battery")
            let student = try #require(try await database.student(id: "0012345"))
            #expect(student.passwordHash?.hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$") == true)
            let answers = try await database.answers(studentID: "0012345")
            #expect(answers.allSatisfy { $0.answerHash.hasPrefix("$argon2id$") && !$0.answerHash.contains("2011") })
            let hasher = PasswordHasher(parameters: HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1))
            #expect(hasher.verify("correct horse battery", against: student.passwordHash!))
            #expect(hasher.verify("5", against: answers.first { $0.questionID == "birth_month" }!.answerHash))
        }
    }

    @Test func abandonedFlowLeavesTheAccountUnclaimed() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await browser.choosePassword("correct horse battery")
            #expect(try await database.student(id: "0012345")?.isClaimed == false)
        }
    }

    @Test func passwordThatBreaksARuleIsRefusedWithItsMessage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            let response = try await browser.choosePassword("short")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Use at least 8 characters."))
            #expect(response.text.contains(#"role="alert""#))
        }
    }

    @Test func passwordEqualToTheUsernameIsRefused() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            let response = try await browser.choosePassword("S0012345")
            #expect(response.text.contains("Do not use your username"))
        }
    }

    @Test func fewerThanThreeAnswersAreRefused() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await browser.choosePassword("correct horse battery")
            let response = try await browser.answer([("answer_birth_month", "May"), ("answer_birth_year", "2011")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Answer at least 3 questions"))
            #expect(try await database.student(id: "0012345")?.isClaimed == false)
        }
    }

    @Test func answerThatDoesNotSuitItsQuestionIsNamed() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await browser.choosePassword("correct horse battery")
            let response = try await browser.answer(Browser.goodAnswers + [("answer_school_mascot", "Owl")])
            #expect(response.text.contains(#"id="answer_school_mascot-error""#))
        }
    }

    @Test func questionsPageOffersEveryDefaultQuestion() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await browser.choosePassword("correct horse battery")
            let page = try await browser.get("/claim/questions")
            for question in ChallengeQuestion.defaults {
                #expect(page.text.contains(#"name="answer_\#(question.id)""#))
            }
        }
    }
}

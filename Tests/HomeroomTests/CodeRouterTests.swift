import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// One-time claim and reset codes typed at `/claim/code` and `/forgot-password/code`.
@Suite struct CodeRouterTests {
    let code = "ABCDEFGHJKMN"

    @Test func claimCodeLeadsToThePasswordStepOfItsStudent() async throws {
        try await withApp { client, database in
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await browser.get("/claim/code")
            let response = try await browser.post("/claim/code", [("code", "abcd-efgh-jkmn")])
            #expect(response.location == "/claim/password")
            #expect(try await browser.get("/claim/password").text.contains(#"<strong class="username">s0012345</strong>"#))
        }
    }

    @Test func claimByCodeFinishesAsAClaimByName() async throws {
        try await withApp { client, database in
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await browser.get("/claim/code")
            try await browser.post("/claim/code", [("code", code)])
            try await browser.get("/claim/password")
            try await browser.choosePassword(testPassword)
            try await browser.get("/claim/questions")
            #expect(try await browser.answer().location == "/claim/complete")
            #expect(try await database.student(id: "0012345")?.isClaimed == true)
        }
    }

    @Test func wrongCodeGetsTheFixedMessage() async throws {
        try await withApp { client, database in
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await browser.get("/claim/code")
            let page = try await browser.post("/claim/code", [("code", "ABCD-EFGH-JKMP")])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("That code does not work."))
        }
    }

    @Test func usedCodeDoesNotWorkAgain() async throws {
        try await withApp { client, database in
            try await database.issueCodeForTest(code)
            var first = Browser(client), second = Browser(client)
            try await first.get("/claim/code")
            try await first.post("/claim/code", [("code", code)])
            try await second.get("/claim/code")
            #expect(try await second.post("/claim/code", [("code", code)]).text.contains("That code does not work."))
        }
    }

    @Test func expiredCodeDoesNotWork() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, database in
            try await database.issueCodeForTest(code, at: clock.now, days: 14)
            clock.advance(minutes: 14 * 24 * 60 + 1)
            var browser = Browser(client)
            try await browser.get("/claim/code")
            #expect(try await browser.post("/claim/code", [("code", code)]).status == .unprocessableContent)
        }
    }

    @Test func revokedCodeDoesNotWork() async throws {
        try await withApp { client, database in
            try await database.issueCodeForTest(code)
            _ = try await database.revokeCodes(["0012345"], scope: .anyStudent) { _ in .test(.revokeCode) }
            var browser = Browser(client)
            try await browser.get("/claim/code")
            #expect(try await browser.post("/claim/code", [("code", code)]).status == .unprocessableContent)
        }
    }

    @Test func newCodeReplacesTheOldOne() async throws {
        try await withApp { client, database in
            try await database.issueCodeForTest(code)
            try await database.issueCodeForTest("ZZZZ-ZZZZ-ZZZZ".replacingOccurrences(of: "-", with: ""))
            var browser = Browser(client)
            try await browser.get("/claim/code")
            #expect(try await browser.post("/claim/code", [("code", code)]).status == .unprocessableContent)
        }
    }

    @Test func wrongCodesFromOneAddressStopAtTheLimit() async throws {
        var config = testConfig()
        config.codes.perAddress = ThrottleRule(maxFailures: 3, windowMinutes: 10, lockMinutes: 10)
        try await withApp(config) { client, database in
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await browser.get("/claim/code")
            for _ in 0..<3 { try await browser.post("/claim/code", [("code", "ABCD-EFGH-JKMP")]) }
            #expect(try await browser.post("/claim/code", [("code", code)]).status == .tooManyRequests)
        }
    }

    @Test func resetCodeIsNotAClaimCode() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            #expect(try await database.issueCodeForTest(code) == .reset)
            var browser = Browser(client)
            try await browser.get("/claim/code")
            #expect(try await browser.post("/claim/code", [("code", code)]).status == .unprocessableContent)
        }
    }

    @Test func resetCodeLeadsToANewPasswordThatSignsIn() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await browser.get("/forgot-password/code")
            #expect(try await browser.post("/forgot-password/code", [("code", code)]).location == "/forgot-password/new")
            try await browser.get("/forgot-password/new")
            let new = "a brand new passphrase"
            #expect(try await browser.post("/forgot-password/new", [("password", new), ("password_confirm", new)]).location
                    == "/forgot-password/done")
            var student = Browser(client)
            #expect(try await student.signIn("s0012345", password: new).location == "/portal")
        }
    }

    @Test func resetByCodeEndsTheAccountsOtherSessions() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var elsewhere = Browser(client)
            try await elsewhere.signIn("s0012345")
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await browser.get("/forgot-password/code")
            try await browser.post("/forgot-password/code", [("code", code)])
            try await browser.get("/forgot-password/new")
            let new = "a brand new passphrase"
            try await browser.post("/forgot-password/new", [("password", new), ("password_confirm", new)])
            #expect(try await elsewhere.get("/portal").location == "/?ended=1")
        }
    }

    @Test func resetCodeWorksWhenQuestionResetsAreOff() async throws {
        var config = testConfig()
        config.recovery.questionResetEnabled = false
        try await withApp(config) { client, database in
            try await database.claimForTest()
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await browser.get("/forgot-password/code")
            try await browser.post("/forgot-password/code", [("code", code)])
            #expect(try await browser.get("/forgot-password/new").status == .ok)
        }
    }

    @Test func claimPageOffersTheCode() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/claim")
            #expect(page.text.contains("href=\"/claim/code\""))
        }
    }

    /// A reset code's new password, then (with `codes.resetAsksNewAnswers`) the new-answers step.
    static func resetWithCode(_ browser: inout Browser, _ code: String) async throws -> TestResponse {
        try await browser.get("/forgot-password/code")
        try await browser.post("/forgot-password/code", [("code", code)])
        try await browser.get("/forgot-password/new")
        let new = "a brand new passphrase"
        return try await browser.post("/forgot-password/new", [("password", new), ("password_confirm", new)])
    }

    @Test func resetCodeAsksNewAnswersWhenTheDistrictWantsIt() async throws {
        var config = testConfig()
        config.codes.resetAsksNewAnswers = true
        try await withApp(config) { client, database in
            try await database.claimForTest()
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            #expect(try await Self.resetWithCode(&browser, code).location == "/forgot-password/questions")
        }
    }

    @Test func newAnswersAfterAResetCodeReplaceTheOldOnes() async throws {
        var config = testConfig()
        config.codes.resetAsksNewAnswers = true
        try await withApp(config) { client, database in
            try await database.claimForTest()
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            try await Self.resetWithCode(&browser, code)
            try await browser.get("/forgot-password/questions")
            let newAnswers = [("answer_birth_month", "June"), ("answer_birth_year", "2010"), ("answer_favorite_season", "winter")]
            #expect(try await browser.post("/forgot-password/questions", newAnswers).location == "/forgot-password/done")
            var later = Browser(client)
            try await later.startReset("s0012345")
            #expect(try await later.answerReset(newAnswers).location == "/forgot-password/new")
        }
    }

    @Test func resetCodeAsksNoNewAnswersByDefault() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            try await database.issueCodeForTest(code)
            var browser = Browser(client)
            #expect(try await Self.resetWithCode(&browser, code).location == "/forgot-password/done")
        }
    }
}

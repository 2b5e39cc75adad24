import Testing
@testable import HomeroomCore

/// Challenge answers: each kind of question takes its own kind of answer.
@Suite struct AnswerRulesTests {
    @Test func shortMonthNameIsAnswerable() {
        #expect(AnswerRules.canonical("May", kind: .month) == .success("5"))
    }

    @Test func monthByNumberEqualsMonthByName() {
        #expect(AnswerRules.canonical(" 5 ", kind: .month) == AnswerRules.canonical("MAY", kind: .month))
    }

    @Test func fourDigitYearIsAnswerable() {
        #expect(AnswerRules.canonical("2011", kind: .year) == .success("2011"))
    }

    @Test func twoDigitYearIsRefused() {
        #expect(AnswerRules.canonical("11", kind: .year) == .failure(.notAYear))
    }

    @Test func fourLetterSeasonIsAnswerable() {
        let season = ChallengeQuestion.defaults.first { $0.id == "favorite_season" }!
        #expect(AnswerRules.canonical("Fall", kind: season.kind) == .success("fall"))
    }

    @Test func unlistedFruitIsRefused() {
        #expect(AnswerRules.canonical("kiwi", kind: .choice(["apple", "banana"])) == .failure(.notAnOption(["apple", "banana"])))
    }

    @Test func freeTextUnderFiveCharactersIsRefused() {
        #expect(AnswerRules.canonical("Rex", kind: .freeText) == .failure(.tooShort(minimum: 5)))
    }

    @Test func freeTextIsTrimmedCollapsedAndCaseFolded() {
        #expect(AnswerRules.canonical("  Mrs.   SMITH ", kind: .freeText) == .success("mrs. smith"))
    }

    @Test func freeTextIsNFKCNormalised() {
        #expect(AnswerRules.canonical("ｅａｇｌｅｓ", kind: .freeText) == .success("eagles"))
    }
}

import Foundation
import Testing
@testable import HomeroomCore

/// Format checks of step 1 (specific messages; they reveal nothing about the roster).
@Suite struct ClaimFormTests {
    func problems(last: String = "Lee", first: String = "Kai", id: String = "1234567") -> [String: Message] {
        let form = FormFields(["last_name": last, "first_name": first, "student_id": id])
        if case .failure(let problems) = RosterFields.parse(form).result { return problems.fields }
        return [:]
    }

    @Test func idWithLeadingSAsksForNumbersOnly() {
        #expect(problems(id: "s1234567")["student_id"] == Message("roster.idWithS"))
    }

    @Test func idOfSixDigitsIsRefused() {
        #expect(problems(id: "123456")["student_id"] != nil)
    }

    @Test func idWithFullWidthDigitsIsRefused() {
        #expect(problems(id: "１２３４５６７")["student_id"] != nil)
    }

    @Test func emptyNameIsRefused() {
        #expect(problems(last: "  ")["last_name"] != nil)
    }

    @Test func nameOverOneHundredCharactersIsRefused() {
        #expect(problems(first: String(repeating: "a", count: 10_000))["first_name"] != nil)
    }

    @Test func controlCharacterInNameIsRefused() {
        #expect(problems(last: "Le\u{7}e")["last_name"] != nil)
    }

    @Test func missingFieldsAreNamed() {
        if case .failure(let problems) = RosterFields.parse(FormFields([:])).result {
            #expect(Set(problems.fields.keys) == ["last_name", "first_name", "student_id"])
        } else {
            Issue.record("an empty form parsed")
        }
    }

    @Test func wellFormedFieldsParse() {
        #expect(problems().isEmpty)
    }
}

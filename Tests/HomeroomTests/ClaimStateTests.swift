import Foundation
import Testing
@testable import HomeroomCore

/// The claim flow's pure transitions, without HTTP.
@Suite struct ClaimStateTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func student(claimed: Bool = false, active: Bool = true) -> Student {
        Student(studentID: "1234567", lastName: "Núñez", firstName: "José", middleName: "", birthDate: nil,
                grade: nil, school: nil, homeroomTeacher: nil, active: active,
                passwordHash: claimed ? "$argon2id$x" : nil, claimedAt: claimed ? now : nil, createdAt: now, updatedAt: now)
    }

    func form(last: String = "Núñez", first: String = "José", id: String = "1234567") -> RosterFields {
        RosterFields(lastName: last, firstName: first, studentID: id)
    }

    @Test func matchingStudentStartsChoosingPassword() throws {
        let flow = try ClaimFlow.start(form(), student: student(), now: now).get()
        #expect(flow.state == .choosingPassword(studentID: "1234567"))
    }

    @Test func combiningAccentEqualsPrecomposedLetter() throws {
        let decomposed = "Nu\u{301}n\u{303}ez"
        #expect(try ClaimFlow.start(form(last: decomposed), student: student(), now: now).get().state.studentID == "1234567")
    }

    @Test func surroundingWhitespaceIsIgnored() throws {
        #expect((try? ClaimFlow.start(form(last: "  Núñez ", first: "\tJosé"), student: student(), now: now).get()) != nil)
    }

    @Test func caseCounts() {
        #expect(ClaimFlow.start(form(last: "núñez"), student: student(), now: now) == .failure(.nameMismatch))
    }

    @Test func innerSpacesCount() {
        #expect(ClaimFlow.start(form(first: "Jo sé"), student: student(), now: now) == .failure(.nameMismatch))
    }

    @Test func unknownIDFails() {
        #expect(ClaimFlow.start(form(), student: nil, now: now) == .failure(.unknownID))
    }

    @Test func claimedAccountFails() {
        #expect(ClaimFlow.start(form(), student: student(claimed: true), now: now) == .failure(.alreadyClaimed))
    }

    @Test func disabledAccountFails() {
        #expect(ClaimFlow.start(form(), student: student(active: false), now: now) == .failure(.disabled))
    }

    @Test func noFlowIsExpired() {
        #expect(ClaimFlow.decide(nil, step: .questions, now: now, idle: 900) == .expired)
    }

    @Test func idleFlowExpiresAfterIdleTime() throws {
        let flow = try ClaimFlow.start(form(), student: student(), now: now).get()
        #expect(ClaimFlow.decide(flow, step: .password, now: now + 899, idle: 900) == .show)
        #expect(ClaimFlow.decide(flow, step: .password, now: now + 901, idle: 900) == .expired)
    }

    @Test func questionsBeforePasswordRedirectsToPassword() throws {
        let flow = try ClaimFlow.start(form(), student: student(), now: now).get()
        #expect(ClaimFlow.decide(flow, step: .questions, now: now, idle: 900) == .redirect(.password))
        #expect(ClaimFlow.decide(flow, step: .complete, now: now, idle: 900) == .redirect(.password))
    }

    @Test func choosingPasswordAgainReplacesTheHash() throws {
        let first = try #require(try ClaimFlow.start(form(), student: student(), now: now).get().passwordChosen(hash: "a", now: now))
        let second = try #require(first.passwordChosen(hash: "b", now: now))
        #expect(second.state == .answeringQuestions(studentID: "1234567", passwordHash: "b"))
    }

    @Test func completedFlowShowsOnlyTheCompletePage() throws {
        let flow = try #require(try ClaimFlow.start(form(), student: student(), now: now).get()
            .passwordChosen(hash: "a", now: now)?.claimed(now: now))
        #expect(ClaimFlow.decide(flow, step: .questions, now: now, idle: 900) == .redirect(.complete))
        #expect(ClaimFlow.decide(flow, step: .complete, now: now, idle: 900) == .show)
        #expect(flow.passwordChosen(hash: "c", now: now) == nil)
    }

    @Test func claimingBeforePasswordIsRefused() throws {
        #expect(try ClaimFlow.start(form(), student: student(), now: now).get().claimed(now: now) == nil)
    }
}

extension Result: @retroactive Equatable where Success: Equatable, Failure: Equatable {}

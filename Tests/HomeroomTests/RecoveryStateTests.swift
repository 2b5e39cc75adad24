import Crypto
import Foundation
import Testing
@testable import HomeroomCore

/// Forgot my Password's pure state, and the decoy questions.
@Suite struct RecoveryStateTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var answering: RecoveryFlow { RecoveryFlow.start(username: "s0012345", questionIDs: ["birth_month"], now: now) }

    @Test func answeringFlowShowsTheAnswersStep() {
        #expect(RecoveryFlow.decide(answering, step: .answers, now: now, idle: 900) == .show)
    }

    @Test func newPasswordStepBeforeTheAnswersGoesToTheAnswers() {
        #expect(RecoveryFlow.decide(answering, step: .newPassword, now: now, idle: 900) == .redirect(.answers))
    }

    @Test func idleFlowExpires() {
        #expect(RecoveryFlow.decide(answering, step: .answers, now: now + 901, idle: 900) == .expired)
    }

    @Test func matchedAnswersLeadToTheNewPassword() {
        let next = answering.answersMatched(studentID: "0012345", now: now)
        #expect(next?.state == .choosingPassword(studentID: "0012345"))
    }

    @Test func passwordCannotBeResetBeforeTheAnswersMatch() {
        #expect(answering.passwordReset(now: now) == nil)
    }

    let decoys = DecoyQuestions(key: SymmetricKey(data: Data("test key".utf8)))

    @Test func decoysAreThreeDistinctConfiguredQuestions() {
        let ids = decoys.questionIDs(for: "s9999999", from: ChallengeQuestion.defaults, count: 3)
        #expect(Set(ids).count == 3 && Set(ids).isSubset(of: Set(ChallengeQuestion.defaults.map(\.id))))
    }

    @Test func sameUsernameGetsTheSameDecoys() {
        #expect(decoys.questionIDs(for: "s9999999", from: ChallengeQuestion.defaults, count: 3)
                == decoys.questionIDs(for: "s9999999", from: ChallengeQuestion.defaults, count: 3))
    }

    @Test func decoysDifferFromNameToName() {
        let sets = Set((0..<20).map { decoys.questionIDs(for: "s100000\($0)", from: ChallengeQuestion.defaults, count: 3) })
        #expect(sets.count > 5)
    }
}

/// A reset code's flow when the district asks for new answers too.
@Suite struct ResetCodeStateTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func newPasswordLeadsToNewAnswersWhenAsked() {
        let flow = RecoveryFlow.started(byCodeFor: "0012345", asksNewAnswers: true, now: now).passwordReset(now: now)
        #expect(flow?.state == .choosingAnswers(studentID: "0012345"))
    }

    @Test func newPasswordEndsTheFlowWhenNewAnswersAreNotAsked() {
        let flow = RecoveryFlow.started(byCodeFor: "0012345", now: now).passwordReset(now: now)
        #expect(flow?.state == .done(studentID: "0012345"))
    }

    @Test func anotherStepWhileChoosingAnswersGoesBackToThem() {
        let flow = RecoveryFlow.started(byCodeFor: "0012345", asksNewAnswers: true, now: now).passwordReset(now: now)
        #expect(RecoveryFlow.decide(flow, step: .done, now: now, idle: 900) == .redirect(.newAnswers))
    }
}

import Foundation

/// Reads the `answer_<id>` fields of a questions form (claim, reset): blank ones are skipped,
/// filled ones must suit their question, and at least `required` must be filled.
public enum ChallengeAnswers {
    /// Field problems by question id, and a summary for the top of the page.
    public struct Problems: Error, Equatable, Sendable {
        public var fields: [String: Message]
        public var summary: Message
    }

    /// The canonical answer of each filled question, by question id.
    public static func check(_ form: FormFields, questions: [ChallengeQuestion], required: Int) -> Result<[String: String], Problems> {
        var answers: [String: String] = [:]
        var problems: [String: Message] = [:]
        for question in questions {
            guard let raw = form["answer_" + question.id],
                  !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            if raw.count > 1000 {
                problems[question.id] = AnswerProblem.tooLong(maximum: AnswerRules.freeTextLength.upperBound).message
                continue
            }
            switch AnswerRules.canonical(raw, kind: question.kind) {
            case .success(let answer): answers[question.id] = answer
            case .failure(let problem): problems[question.id] = problem.message
            }
        }
        if !problems.isEmpty {
            return .failure(Problems(fields: problems, summary: Message("questions.someNeedFixing")))
        }
        if answers.count < required {
            return .failure(Problems(fields: [:], summary: Message("questions.tooFew", ["required": String(required), "answered": String(answers.count)])))
        }
        return .success(answers)
    }
}

extension CoreServices {
    /// `form`'s answers under the claim's rules (`ChallengeAnswers.check`), hashed on the
    /// blocking pool as `studentID`'s rows; or the problems to show.
    func hashedAnswers(_ form: FormFields, studentID: String) async throws -> Result<[ChallengeAnswer], ChallengeAnswers.Problems> {
        switch ChallengeAnswers.check(form, questions: config.questions, required: config.answersRequired) {
        case .failure(let problems): return .failure(problems)
        case .success(let answers):
            let hasher = self.hasher
            return .success(try await pool.run(.hash) {
                try answers.map { ChallengeAnswer(studentID: studentID, questionID: $0.key, answerHash: try hasher.hash($0.value)) }
            })
        }
    }
}

import Foundation

/// Where one browser is in Claim My Account. Kept in the server-side session; nothing in it is
/// real until `AppDatabase.completeClaim` writes the claim.
public enum ClaimState: Codable, Sendable, Equatable {
    /// Step 1 matched the roster; the student chooses a password.
    case choosingPassword(studentID: String)
    /// The password is chosen (only its hash is kept); the student answers questions.
    case answeringQuestions(studentID: String, passwordHash: String)
    /// The claim is written.
    case complete(studentID: String)

    public var studentID: String {
        switch self {
        case .choosingPassword(let id), .answeringQuestions(let id, _), .complete(let id): id
        }
    }
}

/// The steps of the flow, with their paths.
public enum ClaimStep: FlowStep {
    case start, password, questions, complete

    public var path: String {
        switch self {
        case .start: "/claim"
        case .password: "/claim/password"
        case .questions: "/claim/questions"
        case .complete: "/claim/complete"
        }
    }
}

/// Why step 1 failed. The student sees one fixed message for all; the audit table keeps the reason.
public enum ClaimStartFailure: String, Error, Sendable {
    case unknownID = "unknown_id"
    case nameMismatch = "name_mismatch"
    case disabled = "disabled"
    case alreadyClaimed = "already_claimed"
    /// Forgot Username: the account has not been claimed, so it has no username to show yet.
    case notClaimed = "not_claimed"
}

/// A claim in progress: its state and when it last moved. Pure transitions, driven by tests
/// without HTTP.
public struct ClaimFlow: Codable, Sendable, Equatable {
    public private(set) var state: ClaimState
    public private(set) var touchedAt: Date

    /// Step 1: the three fields must equal the roster's after trimming and NFC; case and inner
    /// spaces count.
    public static func start(_ form: RosterFields, student: Student?, now: Date) -> Result<ClaimFlow, ClaimStartFailure> {
        matchRoster(form, student: student).flatMap { student in
            guard student.active else { return .failure(.disabled) }
            guard !student.isClaimed else { return .failure(.alreadyClaimed) }
            return .success(ClaimFlow(state: .choosingPassword(studentID: student.studentID), touchedAt: now))
        }
    }

    /// Step 1 by a claim code instead of the roster's fields (`CodeOperations.redeem`).
    public static func started(byCodeFor studentID: String, now: Date) -> ClaimFlow {
        ClaimFlow(state: .choosingPassword(studentID: studentID), touchedAt: now)
    }

    /// The roster's student when the three fields equal its own (Claim step 1 and Forgot Username).
    static func matchRoster(_ form: RosterFields, student: Student?) -> Result<Student, ClaimStartFailure> {
        guard let student, student.studentID == form.studentID else { return .failure(.unknownID) }
        guard same(form.lastName, student.lastName), same(form.firstName, student.firstName) else {
            return .failure(.nameMismatch)
        }
        return .success(student)
    }

    /// Exact comparison of two names after trimming and Unicode NFC, scalar by scalar.
    static func same(_ typed: String, _ roster: String) -> Bool {
        func canonical(_ s: String) -> [Unicode.Scalar] {
            Array(s.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping.unicodeScalars)
        }
        return canonical(typed) == canonical(roster)
    }

    /// Whether the flow has been idle longer than `idle` seconds.
    public func isExpired(now: Date, idle: TimeInterval) -> Bool {
        now.timeIntervalSince(touchedAt) > idle
    }

    /// What a request for `step` gets: the page, a redirect to where the flow is, or expiry.
    public static func decide(_ flow: ClaimFlow?, step: ClaimStep, now: Date, idle: TimeInterval) -> StepDecision<ClaimStep> {
        guard let flow, !flow.isExpired(now: now, idle: idle) else { return .expired }
        switch (flow.state, step) {
        case (.choosingPassword, .password), (.answeringQuestions, .password), (.answeringQuestions, .questions),
             (.complete, .complete):
            return .show
        case (.choosingPassword, _): return .redirect(.password)
        case (.answeringQuestions, _): return .redirect(.questions)
        case (.complete, _): return .redirect(.complete)
        }
    }

    /// Step 2 done: keeps only the password's hash. Going back and choosing again replaces it.
    public func passwordChosen(hash: String, now: Date) -> ClaimFlow? {
        switch state {
        case .choosingPassword(let id), .answeringQuestions(let id, _):
            ClaimFlow(state: .answeringQuestions(studentID: id, passwordHash: hash), touchedAt: now)
        case .complete: nil
        }
    }

    /// Step 3 written to the database.
    public func claimed(now: Date) -> ClaimFlow? {
        guard case .answeringQuestions(let id, _) = state else { return nil }
        return ClaimFlow(state: .complete(studentID: id), touchedAt: now)
    }
}

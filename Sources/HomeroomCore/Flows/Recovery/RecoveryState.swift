import Foundation

/// Where one browser is in "Forgot my Password". The answers step holds only a username and the
/// questions asked, whether or not the account exists; it is decided at the answers' POST.
public enum RecoveryState: Codable, Sendable, Equatable {
    /// The questions shown for `username`: the student's own, or decoys for anyone else.
    case answering(username: String, questionIDs: [String])
    /// The answers matched: the student chooses a new password.
    case choosingPassword(studentID: String)
    /// A reset code's new password is stored and the district asks for new answers too
    /// (`codes.resetAsksNewAnswers`).
    case choosingAnswers(studentID: String)
    /// The new password (and any new answers) are stored.
    case done(studentID: String)
}

/// The steps of the flow, with their paths.
public enum RecoveryStep: FlowStep {
    case start, answers, newPassword, newAnswers, done

    public var path: String {
        switch self {
        case .start: "/forgot-password"
        case .answers: "/forgot-password/answers"
        case .newPassword: "/forgot-password/new"
        case .newAnswers: "/forgot-password/questions"
        case .done: "/forgot-password/done"
        }
    }
}

/// A reset in progress: its state and when it last moved. Pure transitions.
public struct RecoveryFlow: Codable, Sendable, Equatable {
    public private(set) var state: RecoveryState
    public private(set) var touchedAt: Date
    /// Whether new answers follow the new password (a reset code, when the district wants it).
    public private(set) var asksNewAnswers = false

    init(state: RecoveryState, touchedAt: Date, asksNewAnswers: Bool = false) {
        self.state = state
        self.touchedAt = touchedAt
        self.asksNewAnswers = asksNewAnswers
    }

    enum CodingKeys: String, CodingKey { case state, touchedAt, asksNewAnswers }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(RecoveryState.self, forKey: .state)
        touchedAt = try c.decode(Date.self, forKey: .touchedAt)
        asksNewAnswers = try c.decodeIfPresent(Bool.self, forKey: .asksNewAnswers) ?? false
    }

    public static func start(username: String, questionIDs: [String], now: Date) -> RecoveryFlow {
        RecoveryFlow(state: .answering(username: username, questionIDs: questionIDs), touchedAt: now)
    }

    /// A reset code stands for the answers: the student chooses a new password, then new
    /// answers when `asksNewAnswers`.
    public static func started(byCodeFor studentID: String, asksNewAnswers: Bool = false, now: Date) -> RecoveryFlow {
        RecoveryFlow(state: .choosingPassword(studentID: studentID), touchedAt: now, asksNewAnswers: asksNewAnswers)
    }

    /// What a request for `step` gets: the page, a redirect to where the flow is, or expiry.
    public static func decide(_ flow: RecoveryFlow?, step: RecoveryStep, now: Date, idle: TimeInterval) -> StepDecision<RecoveryStep> {
        guard let flow, now.timeIntervalSince(flow.touchedAt) <= idle else { return .expired }
        switch (flow.state, step) {
        case (.answering, .answers), (.choosingPassword, .newPassword), (.choosingAnswers, .newAnswers), (.done, .done): return .show
        case (.answering, _): return .redirect(.answers)
        case (.choosingPassword, _): return .redirect(.newPassword)
        case (.choosingAnswers, _): return .redirect(.newAnswers)
        case (.done, _): return .redirect(.done)
        }
    }

    /// The answers matched the student's.
    public func answersMatched(studentID: String, now: Date) -> RecoveryFlow? {
        guard case .answering = state else { return nil }
        return RecoveryFlow(state: .choosingPassword(studentID: studentID), touchedAt: now)
    }

    /// The new password is stored: new answers next, if asked for, else done.
    public func passwordReset(now: Date) -> RecoveryFlow? {
        guard case .choosingPassword(let id) = state else { return nil }
        return RecoveryFlow(state: asksNewAnswers ? .choosingAnswers(studentID: id) : .done(studentID: id), touchedAt: now,
                            asksNewAnswers: asksNewAnswers)
    }

    /// The new answers are stored.
    public func answersReplaced(now: Date) -> RecoveryFlow? {
        guard case .choosingAnswers(let id) = state else { return nil }
        return RecoveryFlow(state: .done(studentID: id), touchedAt: now)
    }
}

/// Why a reset's answers step failed. The student sees one message for all; the audit keeps the reason.
public enum ResetFailure: String, Error, Sendable {
    case unknownUser = "unknown_user"
    case unclaimed
    case disabled
    case wrongAnswers = "wrong_answers"
}

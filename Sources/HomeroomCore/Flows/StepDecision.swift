/// A step of a multi-step flow, with the path of its page.
public protocol FlowStep: Sendable, Equatable {
    /// The flow's first step, where an expired flow starts again.
    static var start: Self { get }
    var path: String { get }
}

/// What a request for a step of a multi-step flow should get.
public enum StepDecision<Step: FlowStep>: Sendable, Equatable {
    case show
    /// To the step the flow is at.
    case redirect(Step)
    /// No flow, or it was idle too long: back to the start with "your session expired".
    case expired
}

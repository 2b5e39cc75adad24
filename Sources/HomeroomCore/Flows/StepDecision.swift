/// What a request for a step of a multi-step flow should get.
public enum StepDecision<Step: Sendable & Equatable>: Sendable, Equatable {
    case show
    /// To the step the flow is at.
    case redirect(Step)
    /// No flow, or it was idle too long: back to the start with "your session expired".
    case expired
}

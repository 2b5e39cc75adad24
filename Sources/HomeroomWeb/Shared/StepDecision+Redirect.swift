import HomeroomCore
import Hummingbird

extension StepDecision {
    /// `flow` when its step may be shown; else throws the redirect to the step the flow is at, or
    /// to the flow's start saying the session expired.
    func shown<Flow>(_ flow: Flow?) throws -> Flow {
        switch self {
        case .show: return flow!
        case .redirect(let other): throw RedirectResponse(seeOther(other.path))
        case .expired: throw RedirectResponse(Self.expiredRedirect)
        }
    }

    /// The flow's start, saying the session expired.
    static var expiredRedirect: Response { seeOther(Step.start.path + "?expired=1") }
}

import HomeroomCore

/// When one connection must be closed, as a pure state machine (the channel handler keeps the
/// timer). Idle between requests: closed `idle` after the last response (or the connection's
/// start). Receiving a request: closed `request` after its first byte unless its head and body
/// are all in by then (a fixed deadline: trickling bytes does not extend it). Answering: no
/// deadline, the portal's own work is bounded elsewhere.
struct ConnectionDeadlines {
    enum Phase: Equatable { case idle, receiving, answering }

    /// What the handler must do with its timer.
    enum Timer: Equatable {
        case keep
        case cancel
        /// Fire at this instant, closing for this reason if nothing moved the deadline since.
        case fire(at: ContinuousClock.Instant, ConnectionClosing)
    }

    let request: Duration
    let idle: Duration
    private(set) var phase = Phase.idle
    /// Requests whose head has arrived and whose response has not ended.
    private(set) var unanswered = 0
    private(set) var deadline: (at: ContinuousClock.Instant, reason: ConnectionClosing)?

    init(request: Duration, idle: Duration) {
        self.request = request
        self.idle = idle
    }

    mutating func opened(at now: ContinuousClock.Instant) -> Timer { becomeIdle(at: now) }

    /// Bytes came in. From idle, a request has begun: its clock starts.
    mutating func bytesArrived(at now: ContinuousClock.Instant) -> Timer {
        guard phase == .idle else { return .keep }
        return beginReceiving(at: now)
    }

    /// A request head was decoded (with a pipelining client, perhaps while answering another).
    mutating func headArrived(at now: ContinuousClock.Instant) -> Timer {
        unanswered += 1
        return phase == .receiving ? .keep : beginReceiving(at: now)
    }

    /// The request's body ended: it is all in.
    mutating func requestEnded() -> Timer {
        guard phase == .receiving else { return .keep }
        phase = .answering
        deadline = nil
        return .cancel
    }

    /// A response ended. With nothing left to answer and nothing being received, idle again.
    mutating func responseEnded(at now: ContinuousClock.Instant) -> Timer {
        unanswered = max(0, unanswered - 1)
        guard unanswered == 0, phase == .answering else { return .keep }
        return becomeIdle(at: now)
    }

    /// The timer fired: the reason to close, if the deadline has really passed.
    func expired(at now: ContinuousClock.Instant) -> ConnectionClosing? {
        guard let deadline, now >= deadline.at else { return nil }
        return deadline.reason
    }

    private mutating func beginReceiving(at now: ContinuousClock.Instant) -> Timer {
        phase = .receiving
        deadline = (now + request, .requestTimeout)
        return .fire(at: now + request, .requestTimeout)
    }

    private mutating func becomeIdle(at now: ContinuousClock.Instant) -> Timer {
        phase = .idle
        deadline = (now + idle, .idleTimeout)
        return .fire(at: now + idle, .idleTimeout)
    }
}

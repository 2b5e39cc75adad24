import Foundation
import NIOConcurrencyHelpers
import NIOPosix

/// What a job on the blocking pool does, as its metrics name it.
public enum BlockingJob: String, Sendable, CaseIterable {
    /// Argon2id hashing of a new password or answers.
    case hash
    /// Argon2id verification of a password or answers.
    case verify
    /// A PAM conversation.
    case pam
    /// Reading a badge's QR code in a camera frame (ZBar).
    case decode
    /// Anything else (tests, tools).
    case other
}

/// Told how each job on the pool went: the metrics implement it.
public protocol BlockingPoolObserver: Sendable {
    /// A job ran: it waited `waited` for a thread, then ran for `ran`.
    func jobFinished(_ job: BlockingJob, waited: Duration, ran: Duration)
    /// A job was turned away because the pool was full (the web answers 503).
    func jobRefused(_ job: BlockingJob)
}

/// The one bounded pool for blocking work (Argon2id, PAM): its own threads, never an event loop
/// or Swift's cooperative pool. Admission control: at most `threads + queueLimit` jobs are
/// admitted at once; one more is refused at once with `BlockingPool.Saturated`.
public final class BlockingPool: Sendable {
    /// Thrown when the pool is full; the web layer answers 503 with `Retry-After`.
    public struct Saturated: Error {}

    public let threads: Int
    public let queueLimit: Int
    private let pool: NIOThreadPool
    private let observer: (any BlockingPoolObserver)?
    /// Jobs admitted (running or waiting) and jobs running.
    private let counts = NIOLockedValueBox((admitted: 0, running: 0))

    public init(threads: Int, queueLimit: Int, observer: (any BlockingPoolObserver)? = nil) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        self.observer = observer
        self.pool = NIOThreadPool(numberOfThreads: self.threads)
        pool.start()
    }

    /// Jobs running or waiting now.
    public var load: Int { counts.withLockedValue { $0.admitted } }

    /// Jobs waiting for a thread now.
    public var queued: Int { counts.withLockedValue { $0.admitted - $0.running } }

    /// Runs `work` on a pool thread, or throws `Saturated` at once when the pool is full.
    public func run<T: Sendable>(_ job: BlockingJob = .other, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let capacity = threads + queueLimit
        let ok = counts.withLockedValue { counts -> Bool in
            guard counts.admitted < capacity else { return false }
            counts.admitted += 1
            return true
        }
        guard ok else {
            observer?.jobRefused(job)
            throw Saturated()
        }
        defer { counts.withLockedValue { $0.admitted -= 1 } }
        let clock = ContinuousClock(), admittedAt = clock.now
        let counts = self.counts, observer = self.observer
        return try await pool.runIfActive {
            let startedAt = clock.now
            counts.withLockedValue { $0.running += 1 }
            defer {
                counts.withLockedValue { $0.running -= 1 }
                observer?.jobFinished(job, waited: startedAt - admittedAt, ran: clock.now - startedAt)
            }
            return try work()
        }
    }

    public func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}

import Foundation
import NIOConcurrencyHelpers
import NIOPosix

/// The one bounded pool for blocking work (Argon2id, PAM): its own threads, never an event loop
/// or Swift's cooperative pool. Admission control: at most `threads + queueLimit` jobs are
/// admitted at once; one more is refused at once with `BlockingPool.Saturated`.
public final class BlockingPool: Sendable {
    /// Thrown when the pool is full; the web layer answers 503 with `Retry-After`.
    public struct Saturated: Error {}

    public let threads: Int
    public let queueLimit: Int
    private let pool: NIOThreadPool
    private let admitted = NIOLockedValueBox(0)

    public init(threads: Int, queueLimit: Int) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        self.pool = NIOThreadPool(numberOfThreads: self.threads)
        pool.start()
    }

    /// Jobs running or waiting now.
    public var load: Int { admitted.withLockedValue { $0 } }

    /// Runs `work` on a pool thread, or throws `Saturated` at once when the pool is full.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let capacity = threads + queueLimit
        let ok = admitted.withLockedValue { count -> Bool in
            guard count < capacity else { return false }
            count += 1
            return true
        }
        guard ok else { throw Saturated() }
        defer { admitted.withLockedValue { $0 -= 1 } }
        return try await pool.runIfActive(work)
    }

    public func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}

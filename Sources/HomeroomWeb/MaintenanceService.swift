import Foundation
import HomeroomCore
import Logging
import ServiceLifecycle

/// Sweeps expired sessions, old throttle rows and spent single-sign-on grants, prunes the audit
/// table and picks up rotated signing keys every minute, and shuts the blocking pool down when
/// the server stops.
struct MaintenanceService: Service {
    let database: any HomeroomStore
    let pool: BlockingPool
    let clock: any AppClock
    let keys: SigningKeys
    let auditRetention: TimeInterval
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await database.sweep(at: clock.now, keepFailuresFor: 7 * 24 * 3600)
                try await database.pruneAudit(before: clock.now.addingTimeInterval(-auditRetention))
                try await keys.reloadIfChanged()
            } catch {
                logger.error("sweep failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(60)) }
        }
        try await pool.shutdown()
    }
}

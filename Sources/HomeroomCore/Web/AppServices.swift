import Foundation
import Logging
import Prometheus

/// Everything the routes use, built once by `buildApplication` and passed in through `init`.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let database: AppDatabase
    public let pool: BlockingPool
    public let hasher: PasswordHasher
    public let clock: any AppClock
    public let renderer: Renderer
    public let metrics: AppMetrics

    /// Records an audit event; a failure to audit is logged, never shown to the student.
    func audit(_ context: AppRequestContext, action: String, subject: String?,
               outcome: AuditEvent.Outcome, reason: String?) async {
        let event = AuditEvent(at: clock.now, clientAddress: context.clientAddress, action: action,
                               subject: subject, outcome: outcome, reason: reason)
        do {
            try await database.audit(event)
        } catch {
            context.logger.error("audit write failed", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }
}

/// The counters `/metrics` shows, in a registry of this application's own.
public struct AppMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let claimStarts: [String: Counter]
    let claimsCompleted: Counter
    let poolLoad: Gauge

    public init() {
        var starts: [String: Counter] = [:]
        for outcome in ["matched", "failed", "throttled", "format"] {
            starts[outcome] = registry.makeCounter(name: "homeroom_claim_start_total", labels: [("outcome", outcome)])
        }
        claimStarts = starts
        claimsCompleted = registry.makeCounter(name: "homeroom_claims_completed_total")
        poolLoad = registry.makeGauge(name: "homeroom_blocking_pool_jobs")
    }

    func claimStart(_ outcome: String) { claimStarts[outcome]?.increment() }
}

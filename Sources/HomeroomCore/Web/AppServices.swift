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
    /// An Argon2id hash of a random secret at the configured parameters: what an account that
    /// does not exist is verified against, so that it takes as long as one that does.
    public let decoyHash: String

    /// The audit event of this request, now, from its client address.
    func auditEvent(_ context: AppRequestContext, actor: String? = nil, action: String, subject: String?,
                    outcome: AuditEvent.Outcome, reason: String?) -> AuditEvent {
        AuditEvent(at: clock.now, clientAddress: context.clientAddress, actor: actor, action: action,
                   subject: subject, outcome: outcome, reason: reason)
    }

    /// Records an audit event; a failure to audit is logged, never shown to the student.
    func audit(_ context: AppRequestContext, actor: String? = nil, action: String, subject: String?,
               outcome: AuditEvent.Outcome, reason: String?) async {
        let event = auditEvent(context, actor: actor, action: action, subject: subject, outcome: outcome, reason: reason)
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
    let signIns: [String: Counter]
    /// Password checks run (Argon2id or PAM), decoys for unknown accounts included.
    let passwordVerifications: Counter
    let poolLoad: Gauge

    public init() {
        claimStarts = Self.counters(registry, "claim_start", "Claim step 1 attempts, by outcome.",
                                    outcomes: ["matched", "failed", "throttled", "format"])
        signIns = Self.counters(registry, "signin", "Password steps of sign-in, by outcome.",
                                outcomes: ["success", "failure", "throttled"])
        claimsCompleted = registry.makeCounter(descriptor: .init(namespace: "homeroom", metricName: "claims_completed",
                                                                 unitName: "total", helpText: "Claims written."))
        passwordVerifications = registry.makeCounter(descriptor: .init(
            namespace: "homeroom", metricName: "password_verify", unitName: "total",
            helpText: "Password checks run, decoys for unknown accounts included."))
        poolLoad = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "blocking_pool", unitName: "jobs",
                                                        helpText: "Jobs running or waiting on the blocking pool."))
    }

    /// One counter per outcome label.
    static func counters(_ registry: PrometheusCollectorRegistry, _ name: String, _ help: String,
                         outcomes: [String]) -> [String: Counter] {
        var counters: [String: Counter] = [:]
        for outcome in outcomes {
            let descriptor = MetricNameDescriptor(namespace: "homeroom", metricName: name, unitName: "total", helpText: help)
            counters[outcome] = registry.makeCounter(descriptor: descriptor, labels: [("outcome", outcome)])
        }
        return counters
    }

    func claimStart(_ outcome: String) { claimStarts[outcome]?.increment() }
    func signIn(_ outcome: String) { signIns[outcome]?.increment() }
}

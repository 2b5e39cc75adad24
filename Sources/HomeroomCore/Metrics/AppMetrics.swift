import Prometheus

/// How claim step 1 ended, as `/metrics` counts it.
public enum ClaimStartOutcome: String, Sendable, CaseIterable {
    case matched, failed, throttled
    /// The form's fields were not well formed; the roster was not looked at.
    case format
}

/// How the password step of sign-in ended, as `/metrics` counts it.
public enum SignInOutcome: String, Sendable, CaseIterable {
    case success, failure, throttled
}

/// How a token request ended, as `/metrics` counts it.
public enum TokenOutcome: String, Sendable, CaseIterable {
    case issued, refused
}

/// One counter for each outcome of `Outcome`, all made up front, so counting an outcome can
/// never miss.
public struct OutcomeCounters<Outcome: RawRepresentable & CaseIterable & Hashable & Sendable>: Sendable
where Outcome.RawValue == String {
    private let counters: [Outcome: Counter]

    init(_ registry: PrometheusCollectorRegistry, name: String, help: String) {
        var counters: [Outcome: Counter] = [:]
        for outcome in Outcome.allCases {
            let descriptor = MetricNameDescriptor(namespace: "homeroom", metricName: name, unitName: "total", helpText: help)
            counters[outcome] = registry.makeCounter(descriptor: descriptor, labels: [("outcome", outcome.rawValue)])
        }
        self.counters = counters
    }

    public func count(_ outcome: Outcome) { counters[outcome]!.increment() }
}

/// The counters `/metrics` shows, in a registry of this application's own.
public struct AppMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    public let claimStarts: OutcomeCounters<ClaimStartOutcome>
    public let claimsCompleted: Counter
    public let signIns: OutcomeCounters<SignInOutcome>
    /// Token endpoint answers (code exchanges and refreshes).
    public let tokens: OutcomeCounters<TokenOutcome>
    /// Password checks run (Argon2id or PAM), decoys for unknown accounts included.
    public let passwordVerifications: Counter
    public let poolLoad: Gauge

    public init() {
        claimStarts = OutcomeCounters(registry, name: "claim_start", help: "Claim step 1 attempts, by outcome.")
        signIns = OutcomeCounters(registry, name: "signin", help: "Password steps of sign-in, by outcome.")
        tokens = OutcomeCounters(registry, name: "oidc_token", help: "Token endpoint requests, by outcome.")
        claimsCompleted = registry.makeCounter(descriptor: .init(namespace: "homeroom", metricName: "claims_completed",
                                                                 unitName: "total", helpText: "Claims written."))
        passwordVerifications = registry.makeCounter(descriptor: .init(
            namespace: "homeroom", metricName: "password_verify", unitName: "total",
            helpText: "Password checks run, decoys for unknown accounts included."))
        poolLoad = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "blocking_pool", unitName: "jobs",
                                                        helpText: "Jobs running or waiting on the blocking pool."))
    }
}

import Foundation
import NIOConcurrencyHelpers
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

/// Why the server closed a connection of its own accord.
public enum ConnectionClosing: String, Sendable, CaseIterable {
    /// A request's head or body was not complete in time.
    case requestTimeout = "request_timeout"
    /// A kept-alive connection sent nothing for too long.
    case idleTimeout = "idle_timeout"
}

/// One counter for each case of `Outcome`, all made up front, so counting one can never miss.
public struct OutcomeCounters<Outcome: RawRepresentable & CaseIterable & Hashable & Sendable>: Sendable
where Outcome.RawValue == String {
    private let counters: [Outcome: Counter]

    init(_ registry: PrometheusCollectorRegistry, name: String, label: String = "outcome", help: String) {
        var counters: [Outcome: Counter] = [:]
        for outcome in Outcome.allCases {
            let descriptor = MetricNameDescriptor(namespace: "homeroom", metricName: name, unitName: "total", helpText: help)
            counters[outcome] = registry.makeCounter(descriptor: descriptor, labels: [(label, outcome.rawValue)])
        }
        self.counters = counters
    }

    public func count(_ outcome: Outcome) { counters[outcome]!.increment() }
}

/// Everything `/metrics` shows, in a registry of this application's own. Counters are counted
/// where things happen; the store's gauges are read at each scrape (`update(from:)`).
public struct AppMetrics: Sendable {
    /// This build's version, for `homeroom_build_info`.
    public static let version = "0.13.0"

    public let registry = PrometheusCollectorRegistry()
    public let claimStarts: OutcomeCounters<ClaimStartOutcome>
    public let claimsCompleted: Counter
    public let signIns: OutcomeCounters<SignInOutcome>
    /// Token endpoint answers (code exchanges and refreshes).
    public let tokens: OutcomeCounters<TokenOutcome>
    /// Password checks run (Argon2id or PAM), decoys for unknown accounts included.
    public let passwordVerifications: Counter
    let pool: PoolMetrics
    public let connections: ConnectionMetrics
    let store: StoreGaugeMetrics
    /// When the students were last counted (a scan of the whole table).
    private let studentsCountedAt = NIOLockedValueBox<Date?>(nil)
    /// How often a scrape counts the students; the scrapes between show the last count.
    public static let studentCountInterval: TimeInterval = 60

    public init() {
        claimStarts = OutcomeCounters(registry, name: "claim_start", help: "Claim step 1 attempts, by outcome.")
        signIns = OutcomeCounters(registry, name: "signin", help: "Password steps of sign-in, by outcome.")
        tokens = OutcomeCounters(registry, name: "oidc_token", help: "Token endpoint requests, by outcome.")
        claimsCompleted = registry.makeCounter(descriptor: .init(namespace: "homeroom", metricName: "claims_completed",
                                                                 unitName: "total", helpText: "Claims written."))
        passwordVerifications = registry.makeCounter(descriptor: .init(
            namespace: "homeroom", metricName: "password_verify", unitName: "total",
            helpText: "Password checks run, decoys for unknown accounts included."))
        pool = PoolMetrics(registry)
        connections = ConnectionMetrics(registry)
        store = StoreGaugeMetrics(registry)
        registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "build", unitName: "info",
                                             helpText: "This build: always 1, with its version as a label."),
                           labels: [("version", Self.version)]).set(to: 1)
    }

    /// Whether a scrape at `now` should count the students (then it is noted as done).
    public func shouldCountStudents(at now: Date) -> Bool {
        studentsCountedAt.withLockedValue { last in
            if let last, now.timeIntervalSince(last) < Self.studentCountInterval { return false }
            last = now
            return true
        }
    }

    /// The text of a scrape, the store's gauges and the pool's depth read now.
    public func exposition(gauges: StoreGauges, pool load: BlockingPool) -> String {
        store.update(from: gauges)
        pool.update(from: load)
        return registry.emitToString()
    }
}

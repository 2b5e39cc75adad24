import Prometheus

/// The store's gauges (`StoreGauges`) as `/metrics` shows them, set at each scrape.
struct StoreGaugeMetrics: Sendable {
    private let claimed: Gauge
    private let unclaimed: Gauge
    private let sessions: Gauge
    private let locks: [ThrottleScope: Gauge]
    private let lockedAccounts: Gauge

    init(_ registry: PrometheusCollectorRegistry) {
        let students = MetricNameDescriptor(namespace: "homeroom", metricName: "students", unitName: "",
                                            helpText: "Active students, claimed or not.")
        claimed = registry.makeGauge(descriptor: students, labels: [("state", "claimed")])
        unclaimed = registry.makeGauge(descriptor: students, labels: [("state", "unclaimed")])
        sessions = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "signed_in_sessions", unitName: "",
                                                        helpText: "Browser sessions signed in and not expired."))
        var locks: [ThrottleScope: Gauge] = [:]
        for scope in ThrottleScope.allCases {
            locks[scope] = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "throttle_locks", unitName: "",
                                                                helpText: "Throttle locks in force, by scope."),
                                              labels: [("scope", scope.rawValue)])
        }
        self.locks = locks
        lockedAccounts = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "locked_accounts", unitName: "",
                                                              helpText: "Accounts locked after too many failed sign-ins."))
    }

    func update(from gauges: StoreGauges) {
        if gauges.studentsCounted {
            claimed.set(to: Double(gauges.claimedStudents))
            unclaimed.set(to: Double(gauges.unclaimedStudents))
        }
        sessions.set(to: Double(gauges.signedInSessions))
        for (scope, gauge) in locks { gauge.set(to: Double(gauges.throttleLocks[scope] ?? 0)) }
        lockedAccounts.set(to: Double(gauges.lockedAccounts))
    }
}

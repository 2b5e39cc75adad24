import Prometheus

/// The blocking pool as `/metrics` shows it: how long each kind of job ran and waited, how many
/// wait now, and how many were turned away (each a 503).
struct PoolMetrics: Sendable {
    private let ran: [BlockingJob: DurationHistogram]
    private let waited: DurationHistogram
    private let refused: OutcomeCounters<BlockingJob>
    private let load: Gauge
    private let queued: Gauge

    /// Argon2id at the default parameters takes 13–17 ms here; PAM waits 2 s after a wrong password.
    static let runBuckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
                                         .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                         .seconds(2.5), .seconds(5)]
    static let waitBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50),
                                          .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]

    init(_ registry: PrometheusCollectorRegistry) {
        var ran: [BlockingJob: DurationHistogram] = [:]
        for job in BlockingJob.allCases {
            ran[job] = registry.makeDurationHistogram(
                descriptor: .init(namespace: "homeroom", metricName: "blocking_job_duration", unitName: "seconds",
                                  helpText: "Time a job ran on the blocking pool: hash and verify are Argon2id, pam a PAM conversation."),
                labels: [("job", job.rawValue)], buckets: Self.runBuckets)
        }
        self.ran = ran
        waited = registry.makeDurationHistogram(
            descriptor: .init(namespace: "homeroom", metricName: "blocking_job_wait", unitName: "seconds",
                              helpText: "Time a job waited for a thread of the blocking pool."),
            labels: [], buckets: Self.waitBuckets)
        refused = OutcomeCounters(registry, name: "blocking_job_refused", label: "job",
                                  help: "Jobs turned away because the blocking pool was full (answered 503).")
        load = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "blocking_pool", unitName: "jobs",
                                                    helpText: "Jobs running or waiting on the blocking pool."))
        queued = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "blocking_pool_queue", unitName: "jobs",
                                                      helpText: "Jobs waiting for a thread of the blocking pool."))
    }

    func update(from pool: BlockingPool) {
        load.set(to: Double(pool.load))
        queued.set(to: Double(pool.queued))
    }
}

extension AppMetrics: BlockingPoolObserver {
    public func jobFinished(_ job: BlockingJob, waited: Duration, ran: Duration) {
        pool.record(job, waited: waited, ran: ran)
    }

    public func jobRefused(_ job: BlockingJob) {
        pool.refuse(job)
    }
}

extension PoolMetrics {
    func record(_ job: BlockingJob, waited: Duration, ran: Duration) {
        self.ran[job]!.record(ran)
        self.waited.record(waited)
    }

    func refuse(_ job: BlockingJob) { refused.count(job) }
}

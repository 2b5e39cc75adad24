import Prometheus

/// The portal's connections and requests as `/metrics` shows them.
public struct ConnectionMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    /// Connections open now.
    public let open: Gauge
    /// Times the connection cap was reached (new connections then wait in the kernel's queue).
    public let capReached: Counter
    /// Connections the server closed of its own accord, by reason.
    public let closed: OutcomeCounters<ConnectionClosing>

    static let requestBuckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                             .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                             .seconds(2.5), .seconds(5), .seconds(10)]
    static var requestDuration: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "homeroom", metricName: "http_request_duration", unitName: "seconds",
                             helpText: "Time to answer a request, by route (as the router names it) and status.")
    }

    init(_ registry: PrometheusCollectorRegistry) {
        self.registry = registry
        open = registry.makeGauge(descriptor: .init(namespace: "homeroom", metricName: "connections_open", unitName: "",
                                                     helpText: "Connections to the portal open now."))
        capReached = registry.makeCounter(descriptor: .init(namespace: "homeroom", metricName: "connection_cap_reached", unitName: "total",
                                                            helpText: "Times the portal reached its connection cap."))
        closed = OutcomeCounters(registry, name: "connections_closed", label: "reason",
                                 help: "Connections the portal closed for a timeout, by reason.")
    }

    /// Records one request. `route` is the router's pattern (e.g. `/claim/questions`), never the
    /// raw path, so the number of series stays bounded.
    public func request(route: String, method: String, status: Int, took duration: Duration) {
        registry.makeDurationHistogram(descriptor: Self.requestDuration,
                                       labels: [("route", route), ("method", method), ("status", String(status))],
                                       buckets: Self.requestBuckets).record(duration)
    }
}

import Foundation
import HomeroomCore
import HummingbirdCore
import Logging

/// The portal's cap on open connections: at the cap the server stops accepting (new connections
/// wait in the kernel's queue) and says so in the log, at most once a minute.
struct ConnectionCap: AvailableConnectionsDelegate {
    let limit: Int
    let metrics: ConnectionMetrics
    let logger: Logger
    private var open = 0
    private var lastWarning: ContinuousClock.Instant?

    init(limit: Int, metrics: ConnectionMetrics, logger: Logger) {
        self.limit = limit
        self.metrics = metrics
        self.logger = logger
    }

    mutating func connectionOpened() {
        open += 1
        metrics.open.set(to: Double(open))
        guard open == limit else { return }
        metrics.capReached.increment()
        let now = ContinuousClock.now
        if let lastWarning, now - lastWarning < .seconds(60) { return }
        lastWarning = now
        logger.warning("""
            connection cap reached: \(limit) connections open; new connections wait until one closes \
            (connections.maxConnections; idle ones close after connections.idleTimeoutSeconds)
            """)
    }

    mutating func connectionClosed() {
        open -= 1
        metrics.open.set(to: Double(open))
    }

    func isAcceptingNewConnections() -> Bool { open < limit }

    /// The cap the process can keep: `configured`, lowered so that the connections and the
    /// server's own files (database, templates, logs) fit under the open-file limit, which is
    /// first raised to its hard maximum.
    static func effectiveLimit(configured: Int, reservedFiles: Int = 256) -> (limit: Int, fileLimit: Int) {
        var files = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files) == 0 else { return (configured, 0) }
        if files.rlim_cur < files.rlim_max {
            var raised = files
            raised.rlim_cur = files.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { files = raised }
        }
        let available = Int(clamping: files.rlim_cur) - reservedFiles
        return (max(1, min(configured, available)), Int(clamping: files.rlim_cur))
    }
}

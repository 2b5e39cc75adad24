import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Log lines kept for a test to read.
final class CapturedLog: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }

    var logger: Logger {
        Logger(label: "homeroom-test") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.lines.withLockedValue { $0.append("\(event.level) \(event.message)") }
        }
    }
}

/// Runs the whole application as `homeroom serve` does (its own server, connection guards and
/// services) on free ports, runs `test` with the portal's port, and stops it.
func withLiveServer<T: Sendable>(_ config: AppConfig, logger: Logger = Logger(label: "homeroom-test"),
                                 metrics: AppMetrics = AppMetrics(),
                                 _ test: @escaping @Sendable (Int) async throws -> T) async throws -> T {
    var config = config
    config.port = try RawSocket.freePort()
    try seededDatabase(config)
    let app = try await buildApplication(config: config, root: packageRoot, logger: logger, metrics: metrics)
    let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
    let server = Task { try await group.run() }
    let port = config.port
    for _ in 0..<200 {
        if try await blocking({ (try? RawSocket(port: port)) != nil }) { break }
        try await Task.sleep(for: .milliseconds(25))
    }
    let result: Result<T, any Error>
    do { result = .success(try await test(port)) } catch { result = .failure(error) }
    await group.triggerGracefulShutdown()
    _ = await server.result
    return try result.get()
}

import HomeroomCore
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with Homeroom's deadlines around it: the byte marker
/// before the HTTP decoder and the deadline handler after it, one pair per connection.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let responder: HTTPChannelHandler.Responder
    let settings: ConnectionSettings
    let metrics: ConnectionMetrics

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let deadlines = ConnectionDeadlines(request: .seconds(settings.requestTimeoutSeconds),
                                            idle: .seconds(settings.idleTimeoutSeconds))
        let closed = metrics.closed
        let http1 = HTTP1Channel(responder: responder, configuration: .init(
            additionalChannelHandlers: [ConnectionDeadlineHandler(deadlines) { closed.count($0) }]))
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(InboundBytesMarker())
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await HTTP1Channel(responder: responder).handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the request and idle timeouts of `settings`.
    static func guardedHTTP1(_ settings: ConnectionSettings, metrics: ConnectionMetrics) -> HTTPServerBuilder {
        .init { responder in GuardedHTTP1Channel(responder: responder, settings: settings, metrics: metrics) }
    }
}

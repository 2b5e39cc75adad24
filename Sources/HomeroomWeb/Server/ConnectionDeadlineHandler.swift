import HomeroomCore
import NIOCore
import NIOHTTPTypes

/// First in a connection's pipeline: tells the deadline handler (after the HTTP decoder) that
/// bytes came in, so a request's clock starts at its first byte, not when its head is complete.
final class InboundBytesMarker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// The event it sends up the pipeline.
    struct BytesArrived {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesArrived())
        context.fireChannelRead(data)
    }
}

/// Closes a connection whose request is not all in by its deadline, or that stays idle too long
/// between requests (`ConnectionDeadlines` decides; this keeps the one timer).
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var deadlines: ConnectionDeadlines
    private var timer: Scheduled<Void>?
    private let clock = ContinuousClock()
    private let closed: @Sendable (ConnectionClosing) -> Void

    init(_ deadlines: ConnectionDeadlines, closed: @escaping @Sendable (ConnectionClosing) -> Void) {
        self.deadlines = deadlines
        self.closed = closed
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { apply(deadlines.opened(at: clock.now), context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        apply(.cancel, context)
    }

    func channelActive(context: ChannelHandlerContext) {
        apply(deadlines.opened(at: clock.now), context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        apply(.cancel, context)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is InboundBytesMarker.BytesArrived {
            apply(deadlines.bytesArrived(at: clock.now), context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: apply(deadlines.headArrived(at: clock.now), context)
        case .body: break
        case .end: apply(deadlines.requestEnded(), context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { apply(deadlines.responseEnded(at: clock.now), context) }
        context.write(data, promise: promise)
    }

    private func apply(_ action: ConnectionDeadlines.Timer, _ context: ChannelHandlerContext) {
        switch action {
        case .keep:
            return
        case .cancel:
            timer?.cancel()
            timer = nil
        case .fire(let instant, _):
            timer?.cancel()
            timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: TimeAmount(instant - clock.now)) {
                self.fired(context)
            }
        }
    }

    private func fired(_ context: ChannelHandlerContext) {
        timer = nil
        guard let reason = deadlines.expired(at: clock.now) else { return }
        closed(reason)
        context.close(promise: nil)
    }
}

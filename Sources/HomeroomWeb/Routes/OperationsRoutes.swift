import Foundation
import HomeroomCore
import Hummingbird

/// `/healthz` and `/metrics`, for the district's monitoring.
struct OperationsRoutes: Sendable {
    let core: CoreServices

    func add(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            let ok = await core.database.isReachable()
            return Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: ok ? "ok\n" : "database unreachable\n")))
        }
        router.get("/metrics") { _, _ in
            core.metrics.poolLoad.set(Double(core.pool.load))
            let text = core.metrics.registry.emitToString()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}

import Foundation
import Hummingbird

/// `/healthz` and `/metrics`, for the district's monitoring.
struct OperationsRoutes: Sendable {
    let services: AppServices

    func add(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            let ok = await services.database.isReachable()
            return Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: ok ? "ok\n" : "database unreachable\n")))
        }
        router.get("/metrics") { _, _ in
            services.metrics.poolLoad.set(Double(services.pool.load))
            let text = services.metrics.registry.emitToString()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}

import HomeroomCore
import Hummingbird

/// `/healthz`: 200 when the server can reach its database, else 503; on the portal (load
/// balancers need it) and on the management listener.
struct HealthRoutes: Sendable {
    let database: any HomeroomStore

    func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            let ok = await database.isReachable()
            return Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: ok ? "ok\n" : "database unreachable\n")))
        }
    }
}

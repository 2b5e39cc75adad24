import HomeroomCore
import Hummingbird
import Logging

/// The management listener: `/metrics` (Prometheus text) and `/healthz` on an address of their
/// own, by default 127.0.0.1:9464, so the portal's port shows no counts to the world.
enum ManagementListener {
    /// Its router, on its own so tests can drive it without a socket.
    static func router(core: CoreServices) -> Router<BasicRequestContext> {
        let router = Router()
        HealthRoutes(database: core.database).add(to: router)
        router.get("/metrics") { _, _ in
            let now = core.now
            let gauges = try await core.database.gauges(at: now, countingStudents: core.metrics.shouldCountStudents(at: now))
            let text = core.metrics.exposition(gauges: gauges, pool: core.pool)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// The listener as a service of the portal's application (it starts and stops with it).
    static func application(core: CoreServices, settings: ManagementSettings, logger: Logger) -> some ApplicationProtocol {
        Application(router: router(core: core),
                    server: .http1(configuration: .init(idleTimeout: .seconds(Int64(core.config.connections.idleTimeoutSeconds)))),
                    configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
                    onServerRunning: { channel in
                        logger.info("management listener (/metrics, /healthz) on \(channel.localAddress?.description ?? settings.host)")
                    },
                    logger: logger)
    }
}

import Foundation
import HomeroomCore

/// Everything the routes use, built once by `buildApplication` and passed in through `init`:
/// the core's services and the renderer.
struct AppServices: Sendable {
    let core: CoreServices
    let renderer: Renderer

    var config: AppConfig { core.config }
    var database: any HomeroomStore { core.database }
    var clock: any AppClock { core.clock }
}

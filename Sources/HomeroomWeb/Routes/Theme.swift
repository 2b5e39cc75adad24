import Foundation
import Hummingbird

/// The district's accent colour, served as `/theme.css` (the CSP allows no inline style);
/// `AccentColor` checked its contrast when the configuration was read.
struct Theme: Sendable {
    let accentColor: String

    /// The stylesheet that sets the layout's accent.
    var css: String { ":root { --accent: \(accentColor); }\n" }

    func add(to router: Router<AppRequestContext>) {
        let body = css
        router.get("/theme.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}

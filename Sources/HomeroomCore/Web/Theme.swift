import Foundation
import Hummingbird

/// The district's accent colour, served as `/theme.css` (the CSP allows no inline style), and
/// the check that keeps it readable: white text on it and it on white need WCAG AA contrast.
struct Theme: Sendable {
    let accentColor: String

    /// The stylesheet that sets the layout's accent.
    var css: String { ":root { --accent: \(accentColor); }\n" }

    /// The `#rrggbb` colour's contrast ratio with white (WCAG 2.1 relative luminance).
    static func contrastWithWhite(_ hex: String) -> Double? {
        guard hex.count == 7, hex.first == "#", let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * linear(value >> 16 & 0xff) + 0.7152 * linear(value >> 8 & 0xff) + 0.0722 * linear(value & 0xff)
        return 1.05 / (luminance + 0.05)
    }

    func add(to router: Router<AppRequestContext>) {
        let body = css
        router.get("/theme.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}

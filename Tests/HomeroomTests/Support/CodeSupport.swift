import Foundation
import HomeroomCore

extension AppDatabase {
    /// Issues `code` to one student of `sampleRosterCSV` at `now`, valid for `days`; its kind.
    @discardableResult
    func issueCodeForTest(_ code: String, to id: String = "0012345", at now: Date = Date(), days: Int = 14) async throws -> CodeKind? {
        try await issueCodes([id: code], scope: .anyStudent, at: now, expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400)) { _ in
            .test(.issueCode, at: now)
        }.first?.kind
    }
}

/// The one-time code on a printed letter (`XXXX-XXXX-XXXX` in its code box), or nil.
func codeOnLetter(_ html: String, index: Int = 0) -> String? {
    let matches = html.matches(of: /<p class="code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/p>/)
    return index < matches.count ? String(matches[index].output.1) : nil
}

/// The SVG elements (QR codes) on a page, in order.
func svgs(in html: String) -> [String] {
    html.matches(of: /<svg[^>]*>.*?<\/svg>/).map { String($0.output) }
}

/// A test's own rasterizer for the SVG `QRCode.svg` draws (a `viewBox`, then one path of
/// `Mx yh1v1h-1z` unit squares): a `width` × `height` gray frame, white, with the code drawn
/// at `scale` pixels a module from the top-left corner `origin`. What a camera would see of a
/// badge held flat, for the real decoder to read.
func grayFrame(ofSVG svg: String, scale: Int = 4, origin: (x: Int, y: Int) = (20, 10),
               width: Int = 320, height: Int = 240) -> [UInt8] {
    var pixels = [UInt8](repeating: 255, count: width * height)
    guard let path = svg.firstMatch(of: /<path d="([^"]*)"/)?.output.1 else { return pixels }
    for square in path.matches(of: /M(\d+) (\d+)h1v1h-1z/) {
        guard let mx = Int(square.output.1), let my = Int(square.output.2) else { continue }
        for dy in 0..<scale {
            for dx in 0..<scale {
                let x = origin.x + mx * scale + dx, y = origin.y + my * scale + dy
                if x < width && y < height { pixels[y * width + x] = 0 }
            }
        }
    }
    return pixels
}

/// `bytes` in base64url without padding, as the badge page's script sends a frame.
func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom badge-decode-rate`: how long ZBar takes to read one camera frame of the badge page
/// (320 × 240 gray) on one thread, with a badge's QR code in it and without (what the server
/// does for each frame a browser without `BarcodeDetector` sends). For `make bench`.
struct BadgeDecodeRate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "badge-decode-rate", abstract: "Measure reading badge camera frames with ZBar, with and without a QR code.")
    @Option(help: "Seconds to run each of the two measures.") var seconds: Double = 3

    func run() async throws {
        try await failing {
            let width = 320, height = 240
            guard let code = QRCode(BadgeCredential.make().qrText) else { throw ValidationError("no QR code") }
            let badge = code.grayFrame(width: width, height: height, scale: 5)
            guard QRDecoder.decode(gray: badge, width: width, height: height).count == 1 else {
                throw ValidationError("ZBar did not read the badge")
            }
            var generator = SystemRandomNumberGenerator()
            let noise = (0..<width * height).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for (name, frame) in [("with a badge", badge), ("without", noise)] {
                var count = 0
                let start = Date()
                while Date().timeIntervalSince(start) < seconds {
                    _ = QRDecoder.decode(gray: frame, width: width, height: height)
                    count += 1
                }
                let elapsed = Date().timeIntervalSince(start)
                print(String(format: "%@: %.2f ms a frame (%d frames)", name, elapsed * 1000 / Double(count), count))
            }
        }
    }
}

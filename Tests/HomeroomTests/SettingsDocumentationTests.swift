import Foundation
import HomeroomCore
import Testing

/// Every setting the server reads is in `homeroom.example.json` and in the README's table.
@Suite struct SettingsDocumentationTests {
    /// The dotted names of every setting with a value by default (list elements left out).
    static func settingNames() throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(AppConfig()))
        func names(_ value: Any, _ prefix: String) -> [String] {
            guard let object = value as? [String: Any] else { return [prefix] }
            return object.flatMap { names($0.value, prefix.isEmpty ? $0.key : prefix + "." + $0.key) }
        }
        return names(json, "")
    }

    @Test func theExampleFileNamesEverySetting() throws {
        let example = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: packageRoot.path + "/homeroom.example.json")))
        let missing = try Self.settingNames().filter { name in
            var value: Any? = example
            for key in name.split(separator: ".") { value = (value as? [String: Any])?[String(key)] }
            return value == nil
        }
        #expect(missing == [])
    }

    @Test func theReadmeTableNamesEverySetting() throws {
        let readme = try String(contentsOfFile: packageRoot.path + "/README.md", encoding: .utf8)
        let missing = try Self.settingNames().filter { name in
            let parts = name.split(separator: ".").map(String.init)
            let prefixes = (1...parts.count).map { parts.prefix($0).joined(separator: ".") }
            return !prefixes.contains { readme.contains("| `\($0)`") || readme.contains(", `\($0)`") }
                && !readme.contains("`\(parts.last!)` |")
        }
        #expect(missing == [])
    }
}

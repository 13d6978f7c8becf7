import Foundation
import LatchkeyModel
import Yams

/// A catalog file, `{"integrations": [...]}` in JSON or YAML, read and checked entry by entry.
public enum CatalogFile {
    struct Contents: Decodable {
        let integrations: [Integration]
    }

    /// The entries of the file at `path`; YAML when it ends in `.yaml` or `.yml`, else JSON.
    public static func load(path: String) throws -> [Integration] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError(source: path, entry: nil, field: nil, message: "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
        return isYAML ? try parse(yaml: text, source: path) : try parse(json: text, source: path)
    }

    static func parse(json: String, source: String) throws -> [Integration] {
        let contents: Contents
        do {
            contents = try JSONDecoder().decode(Contents.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw CatalogError(decoding: error, source: source, document: try? JSONSerialization.jsonObject(with: Data(json.utf8)))
        }
        return try validated(contents.integrations, source: source)
    }

    static func parse(yaml: String, source: String) throws -> [Integration] {
        let contents: Contents
        do {
            contents = try YAMLDecoder().decode(Contents.self, from: yaml)
        } catch let error as DecodingError {
            throw CatalogError(decoding: error, source: source, document: try? Yams.load(yaml: yaml))
        } catch {
            throw CatalogError(source: source, entry: nil, field: nil, message: "is not valid YAML: \(error)")
        }
        return try validated(contents.integrations, source: source)
    }

    private static func validated(_ integrations: [Integration], source: String) throws -> [Integration] {
        var seen: Set<String> = []
        for (index, integration) in integrations.enumerated() {
            let entry = "integrations[\(index)] (\(integration.type))"
            if let issue = integration.validationIssues().first {
                throw CatalogError(source: source, entry: entry, field: issue.field, message: issue.message)
            }
            guard seen.insert(integration.type).inserted else {
                throw CatalogError(source: source, entry: entry, field: "type", message: "appears twice in this file")
            }
        }
        return integrations
    }
}

/// New API's built-in ratio and price tables, the defaults of the options `ModelRatio`,
/// `ModelPrice`, `CompletionRatio`, `CacheRatio`, `CreateCacheRatio`, `ImageRatio`,
/// `AudioRatio` and `AudioCompletionRatio` until an admin sets them.
///
/// These are facts carried over as data (docs/api.md, Conventions): the maps
/// `defaultModelRatio`, `defaultModelPrice`, `defaultCompletionRatio`, `defaultImageRatio`,
/// `defaultAudioRatio` and `defaultAudioCompletionRatio` of QuantumNous/new-api
/// `setting/ratio_setting/model_ratio.go` (commit 00f6587d29cc5791728d6332403cf73d069a85b5), and
/// `defaultCacheRatio` / `defaultCreateCacheRatio` of `setting/ratio_setting/cache_ratio.go`
/// (commit 19aca2df8db30cc7364eab6ce1af859f527c252b). Entries written there as expressions
/// (`0.120 * RMB`, `20.0 / 1000 * RMB`, `0.27 / 2`, `1 / 1000 * USD`, which is 0 by Go's integer
/// constant division) are evaluated as Go evaluates constants, and keys are sorted as Go's JSON
/// encoder sorts them. Each table is JSON text here, compacted once into the option's value.
public enum DefaultRatios {
    /// Option key → compact JSON text of its built-in table.
    public static let values: [String: String] = [
        "ModelRatio": compact(modelRatioTable),
        "ModelPrice": compact(modelPriceTable),
        "CompletionRatio": compact(completionRatioTable),
        "CacheRatio": compact(cacheRatioTable),
        "CreateCacheRatio": compact(createCacheRatioTable),
        "ImageRatio": compact(imageRatioTable),
        "AudioRatio": compact(audioRatioTable),
        "AudioCompletionRatio": compact(audioCompletionRatioTable),
    ]

    /// The JSON text without whitespace outside strings (`{"a":1,"b":2}`, as Go writes it).
    static func compact(_ text: String) -> String {
        var result = ""
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                result.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if !character.isWhitespace {
                if character == "\"" { inString = true }
                result.append(character)
            }
        }
        return result
    }

    static let modelPriceTable = """
        {
        "black-forest-labs/flux-1.1-pro": 0.04,
        "dall-e-3": 0.04,
        "gpt-4-gizmo-*": 0.1,
        "gpt-4o-mini-tts": 0.3,
        "imagen-3.0-generate-002": 0.03,
        "mj_blend": 0.1,
        "mj_custom_zoom": 0,
        "mj_describe": 0.05,
        "mj_edits": 0.1,
        "mj_high_variation": 0.1,
        "mj_imagine": 0.1,
        "mj_inpaint": 0,
        "mj_low_variation": 0.1,
        "mj_modal": 0.1,
        "mj_pan": 0.1,
        "mj_reroll": 0.1,
        "mj_shorten": 0.1,
        "mj_upload": 0.05,
        "mj_upscale": 0.05,
        "mj_variation": 0.1,
        "mj_video": 0.8,
        "mj_zoom": 0.1,
        "sora-2": 0.3,
        "sora-2-pro": 0.5,
        "suno_lyrics": 0.01,
        "suno_music": 0.1,
        "swap_face": 0.05,
        "veo-3.0-fast-generate-001": 0.15,
        "veo-3.0-generate-001": 0.4,
        "veo-3.1-fast-generate-preview": 0.15,
        "veo-3.1-generate-preview": 0.4
        }
        """

    static let completionRatioTable = """
        {
        "gpt-4-all": 2,
        "gpt-4-gizmo-*": 2,
        "gpt-4o-gizmo-*": 3,
        "gpt-image-1": 8
        }
        """

    static let imageRatioTable = """
        {
        "gpt-image-1": 2
        }
        """

    static let audioRatioTable = """
        {
        "gpt-4o-audio-preview": 16,
        "gpt-4o-mini-audio-preview": 66.67,
        "gpt-4o-mini-realtime-preview": 16.67,
        "gpt-4o-mini-tts": 25,
        "gpt-4o-realtime-preview": 8
        }
        """

    static let audioCompletionRatioTable = """
        {
        "gpt-4o-mini-realtime": 2,
        "gpt-4o-mini-tts": 1,
        "gpt-4o-realtime": 2,
        "tts-1": 0,
        "tts-1-1106": 0,
        "tts-1-hd": 0,
        "tts-1-hd-1106": 0
        }
        """
}

//! The widget builder: never panics; whatever it outputs is valid JSON inside a script
//! element that no field can close, with the hash of the id.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use userhash::{MetaValue, Preset, Secret, Signer, WidgetConfig, WidgetUser};

fn text(u: &mut Unstructured) -> Option<String> {
    u.arbitrary::<Option<String>>().ok().flatten()
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let preset = [Preset::Tau, Preset::Hal, Preset::Generic]
        [usize::from(u.arbitrary::<u8>().unwrap_or(0) % 3)];
    let metadata = u
        .arbitrary::<Option<Vec<(String, Option<i64>)>>>()
        .ok()
        .flatten()
        .map(|m| {
            m.into_iter()
                .map(|(k, v)| (k, v.map_or(MetaValue::Null, MetaValue::Integer)))
                .collect()
        });
    let user = u.arbitrary::<bool>().unwrap_or(false).then(|| WidgetUser {
        id: u.arbitrary().unwrap_or_default(),
        name: text(&mut u),
        email: text(&mut u),
        phone: text(&mut u),
        profile_picture_url: text(&mut u),
        created_at: u.arbitrary().ok().flatten(),
        metadata,
    });
    let config = WidgetConfig {
        preset,
        app_id: u.arbitrary().unwrap_or_default(),
        global: text(&mut u),
        user,
    };
    let signer = Signer::new(&Secret::from_text("fuzz-key").unwrap());
    let nonce = text(&mut u);
    let Ok(script) = config.to_script(&signer, nonce.as_deref()) else {
        return;
    };
    let body = script
        .split_once('>')
        .unwrap()
        .1
        .strip_suffix(";</script>")
        .unwrap();
    assert!(!body.contains('<') && !body.contains('\u{2028}') && !body.contains('\u{2029}'));
    let json = body.split_once(" = ").unwrap().1;
    let parsed: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    if let Some(user) = &config.user {
        let hash = signer.sign(&user.id).unwrap();
        assert!(json.contains(&hash));
        assert!(parsed.to_string().contains(&hash));
    }
});

//! QR codes: rendering the QR text form (terminal, PNG, SVG) and reading it back from images.
//!
//! The text is `WZ1:` plus base45, all of it in the QR alphanumeric set, so the encoder uses
//! alphanumeric mode (5.5 bits per character). The default error-correction level is M (15 %
//! of the code words recoverable): a phone screen is not worn or creased like paper, and M
//! keeps the codes of every scenario at or below version 19 (93 × 93 modules), which a
//! terminal camera reads at arm's length. FORMAT.md ("QR codes") lists the version each
//! scenario needs.

use crate::error::{CmdResult, Failure, usage};
use crate::util::{self, io_reason, read_input};
use image::{GrayImage, Luma};
use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode, Version};
use std::path::{Path, PathBuf};
use wangzheng::qr as qr_text;

/// Parses an error-correction level: L, M, Q or H.
///
/// # Errors
///
/// A message for clap.
pub fn parse_ec(s: &str) -> Result<EcLevel, String> {
    match s.to_ascii_uppercase().as_str() {
        "L" => Ok(EcLevel::L),
        "M" => Ok(EcLevel::M),
        "Q" => Ok(EcLevel::Q),
        "H" => Ok(EcLevel::H),
        _ => Err(format!(
            "`{s}` is not an error-correction level: give L, M, Q or H"
        )),
    }
}

/// The letter of an error-correction level.
pub fn ec_name(ec: EcLevel) -> char {
    match ec {
        EcLevel::L => 'L',
        EcLevel::M => 'M',
        EcLevel::Q => 'Q',
        EcLevel::H => 'H',
    }
}

/// The QR code for `text` at error-correction level `ec`, in the smallest version that fits.
///
/// # Errors
///
/// A usage failure when the text does not fit any QR code.
pub fn encode(text: &str, ec: EcLevel) -> CmdResult<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), ec).map_err(|_| {
        usage(format!(
            "{} characters do not fit in a QR code at error correction {}: use a lower level, or send the object another way",
            text.len(),
            ec_name(ec)
        ))
    })
}

/// The version number of a code.
pub fn version(code: &QrCode) -> i16 {
    match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    }
}

/// `version 13 (69×69 modules), error correction M`.
pub fn describe(code: &QrCode) -> String {
    format!(
        "version {} ({w}×{w} modules), error correction {}",
        version(code),
        ec_name(code.error_correction_level()),
        w = code.width()
    )
}

/// The code drawn with Unicode half blocks, two modules per character cell, with its quiet
/// zone. By default light modules are drawn (for a terminal with a dark background); `invert`
/// draws dark modules instead (for a light background).
pub fn terminal(code: &QrCode, invert: bool) -> String {
    let mut r = code.render::<unicode::Dense1x2>();
    if !invert {
        r.dark_color(unicode::Dense1x2::Light)
            .light_color(unicode::Dense1x2::Dark);
    }
    r.build()
}

/// The code as a grayscale image, `module_px` pixels per module, with its quiet zone.
pub fn image(code: &QrCode, module_px: u32) -> GrayImage {
    code.render::<Luma<u8>>()
        .module_dimensions(module_px, module_px)
        .build()
}

/// The code as a PNG file's bytes.
///
/// # Errors
///
/// A usage failure if encoding fails.
pub fn png(code: &QrCode, module_px: u32) -> CmdResult<Vec<u8>> {
    let img = image(code, module_px);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|_| usage("cannot encode the PNG image"))?;
    Ok(out.into_inner())
}

/// The code as an SVG document.
pub fn svg(code: &QrCode, module_px: u32) -> String {
    code.render::<svg::Color<'_>>()
        .module_dimensions(module_px, module_px)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build()
}

/// Every QR code text found in an image.
pub fn scan_image(img: GrayImage) -> Vec<String> {
    let found = scan_once(img.clone());
    if !found.is_empty() {
        return found;
    }
    // A large photo: thresholding works better at a size where a module spans a few pixels.
    let (w, h) = img.dimensions();
    if w.max(h) > 1600 {
        let scale = 1600.0 / f64::from(w.max(h));
        let (nw, nh) = (
            (f64::from(w) * scale).round() as u32,
            (f64::from(h) * scale).round() as u32,
        );
        let small = image::imageops::resize(&img, nw, nh, image::imageops::FilterType::Triangle);
        return scan_once(small);
    }
    found
}

fn scan_once(img: GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

/// Decodes a PNG or JPEG file (or stdin for `-`) to a grayscale image.
///
/// # Errors
///
/// A usage failure when the file cannot be read or is no image.
pub fn load_image(path: &Path) -> CmdResult<GrayImage> {
    let name = util::input_name(path);
    let bytes = read_input(path)?;
    let img = image::load_from_memory(&bytes).map_err(|e| {
        usage(match e {
            image::ImageError::Unsupported(_) => {
                format!("{name} is not a PNG or JPEG image")
            }
            image::ImageError::IoError(io) => format!("cannot read {name}: {}", io_reason(&io)),
            _ => format!("{name} is not a readable PNG or JPEG image (damaged or cut short)"),
        })
    })?;
    Ok(img.to_luma8())
}

/// `wz qr`.
#[derive(Debug, Clone, clap::Args)]
pub struct QrArgs {
    /// The object (raw CBOR or QR text; `-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Also write the code as a PNG image.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
    /// Also write the code as an SVG image.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Error-correction level: L, M (default), Q or H.
    #[arg(long, value_name = "LEVEL", value_parser = parse_ec, default_value = "M")]
    pub ec: EcLevel,
    /// Pixels per module in the PNG and SVG images.
    #[arg(long, value_name = "PIXELS", default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub module_px: u32,
    /// Draw the terminal code for a light background (dark modules as blocks).
    #[arg(long)]
    pub invert: bool,
    /// Do not draw the code in the terminal.
    #[arg(long)]
    pub no_terminal: bool,
}

/// Runs `wz qr`.
///
/// # Errors
///
/// Usage failures; a refusal for corrupted QR text input.
pub fn run(args: &QrArgs) -> CmdResult<u8> {
    let object = util::read_object(&args.file)?;
    let text = qr_text::encode_text(&object.bytes);
    let code = encode(&text, args.ec)?;
    if !args.no_terminal {
        println!("{}", terminal(&code, args.invert));
    }
    println!(
        "QR code: {}, {} characters for {} bytes of {}",
        describe(&code),
        text.len(),
        object.bytes.len(),
        crate::objects::detect(&object.bytes).map_or_else(|| "data".to_owned(), |k| k.name())
    );
    if let Some(p) = &args.png {
        util::write_file(p, &png(&code, args.module_px)?, false)?;
        println!("wrote {}", p.display());
    }
    if let Some(p) = &args.svg {
        util::write_file(p, svg(&code, args.module_px).as_bytes(), false)?;
        println!("wrote {}", p.display());
    }
    Ok(0)
}

/// `wz scan`.
#[derive(Debug, Clone, clap::Args)]
pub struct ScanArgs {
    /// A PNG or JPEG image (a screenshot or a photo of a QR code; `-` for stdin).
    #[arg(value_name = "IMAGE")]
    pub image: PathBuf,
}

/// Runs `wz scan`: prints the text of every QR code found, one per line.
///
/// # Errors
///
/// Usage failures; a rejection when no QR code can be read.
pub fn run_scan(args: &ScanArgs) -> CmdResult<u8> {
    let img = load_image(&args.image)?;
    let found = scan_image(img);
    if found.is_empty() {
        return Err(Failure::Rejected(format!(
            "no readable QR code in {}: make sure the whole code with its white margin is in the picture, sharp and evenly lit",
            util::input_name(&args.image)
        )));
    }
    for text in found {
        println!("{text}");
    }
    Ok(0)
}

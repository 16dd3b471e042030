; Evidence Logger (证据记录): the Windows installer, for Inno Setup 6.3 or newer (7 works too).
;
; Normally run by packaging/build_installer.py, which passes absolute paths:
;   iscc /DAppVersion=0.1.0 /DAppSourceDir=C:\src\dist\evidence-logger /DOutputDir=C:\src\dist
;        [/DChineseIsl=C:\path\ChineseSimplified.isl] packaging\windows\evidence-logger.iss
; Writes <OutputDir>\evidence-logger-<AppVersion>-windows-x64-setup.exe.
;
; Per-user install, no administrator rights and no UAC prompt: {autopf} is
; %LOCALAPPDATA%\Programs under PrivilegesRequired=lowest. The user's cases, settings and
; signing key live elsewhere (%LOCALAPPDATA%\evidence-logger, Documents\evidence-logger) and
; are never touched by the installer or the uninstaller.
;
; Simplified Chinese: Inno Setup 7.0.2 and newer ship Languages\ChineseSimplified.isl
; officially and it is used when present. Inno Setup 6 has it only as an unofficial
; translation (Files/Languages/Unofficial/ChineseSimplified.isl in the jrsoftware/issrc
; repository); pass its path with /DChineseIsl=... (the release workflow downloads it from a
; pinned tag and checks its SHA-256). This file is UTF-8 with a BOM.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=0.1.0 (packaging/build_installer.py does)
#endif
#ifndef AppSourceDir
  #define AppSourceDir AddBackslash(SourcePath) + "..\..\dist\evidence-logger"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\icons\evidence-logger.ico"
#endif
#define AppExeName "evidence-logger.exe"

#if !FileExists(AddBackslash(AppSourceDir) + AppExeName)
  #error The PyInstaller build is missing: run "python dev.py package" first (no evidence-logger.exe in AppSourceDir)
#endif

[Setup]
; Fixed for every version: it is how an update finds and replaces the installed copy.
AppId={{7535577B-E5E9-4E3E-BDEC-01800C02A856}
AppName=Evidence Logger
AppVersion={#AppVersion}
AppVerName=Evidence Logger {#AppVersion}
AppPublisher=Evidence Logger
UninstallDisplayName={cm:ShortcutName}
UninstallDisplayIcon={app}\evidence-logger.ico
DefaultDirName={autopf}\Evidence Logger
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile={#IconFile}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir={#OutputDir}
OutputBaseFilename=evidence-logger-{#AppVersion}-windows-x64-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif Defined(ChineseIsl)
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
#else
  #error This Inno Setup has no Languages\ChineseSimplified.isl: pass /DChineseIsl=<path> (see packaging/README.md)
#endif

[CustomMessages]
english.ShortcutName=Evidence Logger (证据记录)
chinesesimplified.ShortcutName=证据记录 (Evidence Logger)
english.AppComment=Organise call recordings, screenshots and phone exports into verifiable evidence
chinesesimplified.AppComment=把通话录音、截图和手机导出记录整理成可核验的证据

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the frozen Python runtime as a whole, so no stale library from an
; older version is left behind. Only the program folder; never the user's data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#AppSourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconFile}"; DestDir: "{app}"; DestName: "evidence-logger.ico"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; IconFilename: "{app}\evidence-logger.ico"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; IconFilename: "{app}\evidence-logger.ico"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{cm:ShortcutName}}"; Flags: nowait postinstall skipifsilent

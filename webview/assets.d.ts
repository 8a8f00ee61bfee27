// Stylesheets imported for their side effect: esbuild moves them into dist/webview.css.
declare module '*.css';

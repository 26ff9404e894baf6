/** Side-effect CSS imports (Vite bundles them; `space-uploader/styles.css` is the built copy). */
declare module '*.css';

/**
 * JupyterLab side of pbl-author.
 *
 * - A launcher card and palette entry "PBL Unit" (category "Teaching") that
 *   creates `Untitled[N].designer.ipynb` holding one code cell which calls
 *   `designer.open("Untitled[N].unit.yaml", create=True)`, opens it, runs the
 *   cell and saves the notebook.
 * - A file browser context menu item "Open in PBL designer" on `*.unit.yaml`
 *   files, which opens (creating it if needed) `NAME.designer.ipynb` beside the
 *   unit and runs its first code cell.
 *
 * - A welcome notebook (metadata `pbl_author.autorun: true`, as `pbl-author
 *   studio` writes it) runs its designer cell when it opens, so the designer is
 *   on screen at once. Only a notebook whose one code cell is exactly a
 *   designer call is ever run: autorun never runs other code.
 *
 * No schema knowledge lives here: Python creates, validates and renders units.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, showErrorMessage } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import {
  IDefaultFileBrowser,
  IFileBrowserFactory
} from '@jupyterlab/filebrowser';
import { ILauncher } from '@jupyterlab/launcher';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';
import { LabIcon } from '@jupyterlab/ui-components';
import { UUID } from '@lumino/coreutils';

const PLUGIN_ID = 'pbl-author:plugin';
const NEW_UNIT = 'pbl-author:new-unit';
const OPEN_UNIT = 'pbl-author:open-in-designer';
const CATEGORY = 'Teaching';
const FILE_TYPE = 'pbl-unit';
const UNIT_SUFFIX = '.unit.yaml';
const NOTEBOOK_SUFFIX = '.designer.ipynb';
const UNIT_SUFFIX_RE = /\.unit\.yaml$/i;

const unitIcon = new LabIcon({
  name: 'pbl-author:unit',
  svgstr: `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <path class="jp-icon-warn0 jp-icon-selectable" fill="#EF6C00"
    d="M6 1.5h8.6l5.4 5.4V20.5a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-17a2 2 0 0 1 2-2z"/>
  <path class="jp-icon-selectable-inverse" fill="#FFF"
    d="M7 10.6l1.1-1.1 1.4 1.4 2.9-2.9 1.1 1.1-4 4zM14 10h3.5v1.6H14zM7 15.6l1.1-1.1 1.4 1.4 2.9-2.9 1.1 1.1-4 4zM14 15h3.5v1.6H14z"/>
</svg>`
});

/** The Python source of the one code cell of a designer notebook. */
function designerSource(unitName: string, create: boolean): string {
  // A JSON string literal is also a valid Python string literal.
  const target = JSON.stringify(unitName) + (create ? ', create=True' : '');
  return `import pbl_author.designer as designer\n\ndesigner.open(${target})`;
}

interface IKernelChoice {
  name: string;
  displayName: string;
}

/** An nbformat 4.5 notebook with the single designer cell. */
function designerNotebook(source: string, kernel: IKernelChoice): object {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: kernel.name,
        display_name: kernel.displayName,
        language: 'python'
      },
      language_info: { name: 'python' }
    },
    cells: [
      {
        cell_type: 'code',
        id: UUID.uuid4(),
        metadata: {},
        source,
        outputs: [],
        execution_count: null
      }
    ]
  };
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'PBL Unit launcher card and "Open in PBL designer" for *.unit.yaml files.',
  autoStart: true,
  requires: [IDefaultFileBrowser, IFileBrowserFactory],
  optional: [ILauncher, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    defaultBrowser: IDefaultFileBrowser,
    browsers: IFileBrowserFactory,
    launcher: ILauncher | null,
    palette: ICommandPalette | null
  ) => {
    const { commands, serviceManager, docRegistry } = app;
    const contents = serviceManager.contents;

    // Lets the context menu target unit files; the YAML editor stays their
    // default viewer because this type names no widget factory.
    docRegistry.addFileType({
      name: FILE_TYPE,
      displayName: 'PBL unit',
      extensions: [UNIT_SUFFIX],
      mimeTypes: ['text/x-yaml'],
      contentType: 'file',
      fileFormat: 'text',
      icon: unitIcon
    });

    async function kernelChoice(): Promise<IKernelChoice> {
      await serviceManager.kernelspecs.ready;
      const specs = serviceManager.kernelspecs.specs;
      const name = specs?.default || 'python3';
      const displayName = specs?.kernelspecs[name]?.display_name ?? name;
      return { name, displayName };
    }

    async function exists(path: string): Promise<boolean> {
      try {
        await contents.get(path, { content: false });
        return true;
      } catch {
        return false;
      }
    }

    /** First `Untitled`, `Untitled1`, ... with neither the unit nor the notebook in `folder`. */
    async function freeBaseName(folder: string): Promise<string> {
      const listing = await contents.get(folder, { content: true });
      const taken = new Set(
        ((listing.content as Contents.IModel[] | null) ?? []).map(item =>
          item.name.toLowerCase()
        )
      );
      for (let n = 0; ; n++) {
        const base = n === 0 ? 'Untitled' : `Untitled${n}`;
        if (
          !taken.has((base + UNIT_SUFFIX).toLowerCase()) &&
          !taken.has((base + NOTEBOOK_SUFFIX).toLowerCase())
        ) {
          return base;
        }
      }
    }

    async function createNotebook(
      path: string,
      source: string,
      kernel: IKernelChoice
    ): Promise<void> {
      await contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: designerNotebook(source, kernel)
      });
    }

    /** Open the notebook, run its first code cell, then save it. */
    async function openAndRun(
      path: string,
      kernel: IKernelChoice
    ): Promise<NotebookPanel> {
      const panel = (await commands.execute('docmanager:open', {
        path,
        factory: 'Notebook',
        kernel: { name: kernel.name }
      })) as NotebookPanel;
      await panel.context.ready;
      const notebook = panel.content;
      const first = notebook.widgets.findIndex(
        cell => cell.model.type === 'code'
      );
      if (first >= 0) {
        notebook.activeCellIndex = first;
        await panel.sessionContext.ready;
        await NotebookActions.run(notebook, panel.sessionContext);
      }
      await panel.context.save();
      return panel;
    }

    async function reportFailure(title: string, error: unknown) {
      console.error(`pbl-author: ${title}`, error);
      await showErrorMessage(title, error as Error);
    }

    // Two quick clicks must not pick the same free name: name choice and
    // notebook creation run one at a time.
    let creating: Promise<unknown> = Promise.resolve();

    commands.addCommand(NEW_UNIT, {
      label: args => (args['isPalette'] ? 'New PBL Unit' : 'PBL Unit'),
      caption:
        'Create a new PBL unit with its designer notebook and open the designer',
      icon: args => (args['isPalette'] ? undefined : unitIcon),
      execute: async args => {
        // The launcher passes its folder; the palette does not, so use the
        // folder the default file browser shows.
        const folder =
          (args['cwd'] as string | undefined) ?? defaultBrowser.model.path;
        try {
          const kernel = await kernelChoice();
          const step = creating.then(async () => {
            const base = await freeBaseName(folder);
            const path = PathExt.join(folder, base + NOTEBOOK_SUFFIX);
            await createNotebook(
              path,
              designerSource(base + UNIT_SUFFIX, true),
              kernel
            );
            return path;
          });
          creating = step.catch(() => undefined);
          return await openAndRun(await step, kernel);
        } catch (error) {
          await reportFailure('Could not create a PBL unit', error);
        }
      }
    });

    function selectedUnitPath(): string | undefined {
      const browser = browsers.tracker.currentWidget ?? defaultBrowser;
      for (const item of browser.selectedItems()) {
        if (item.type !== 'directory' && UNIT_SUFFIX_RE.test(item.name)) {
          return item.path;
        }
      }
      return undefined;
    }

    commands.addCommand(OPEN_UNIT, {
      label: 'Open in PBL designer',
      caption: "Open this unit's designer notebook and run it",
      icon: unitIcon,
      isVisible: args =>
        !!((args['path'] as string | undefined) ?? selectedUnitPath()),
      execute: async args => {
        const unitPath =
          (args['path'] as string | undefined) ?? selectedUnitPath();
        if (!unitPath) {
          return;
        }
        try {
          const unitName = PathExt.basename(unitPath);
          const base = unitName.replace(UNIT_SUFFIX_RE, '');
          const path = PathExt.join(
            PathExt.dirname(unitPath),
            base + NOTEBOOK_SUFFIX
          );
          const kernel = await kernelChoice();
          if (!(await exists(path))) {
            await createNotebook(path, designerSource(unitName, false), kernel);
          }
          return await openAndRun(path, kernel);
        } catch (error) {
          await reportFailure('Could not open the PBL designer', error);
        }
      }
    });

    app.contextMenu.addItem({
      command: OPEN_UNIT,
      selector: `.jp-DirListing-item[data-file-type="${FILE_TYPE}"]`,
      rank: 2
    });
    if (launcher) {
      launcher.add({ command: NEW_UNIT, category: CATEGORY, rank: 1 });
    }
    if (palette) {
      palette.addItem({
        command: NEW_UNIT,
        category: CATEGORY,
        args: { isPalette: true }
      });
    }
  }
};

/** The only code autorun will run: one call that opens the designer or its home page. */
const DESIGNER_CELL =
  /^import pbl_author\.designer as designer\n\ndesigner\.(open|home)\("(?:[^"\\\n]|\\.)*"(?:, create=True)?\)\s*$/;

async function runWelcomeCell(panel: NotebookPanel): Promise<void> {
  await panel.context.ready;
  const model = panel.model;
  if (!model) {
    return;
  }
  const meta = model.getMetadata('pbl_author') as { autorun?: unknown } | undefined;
  if (!meta || meta.autorun !== true) {
    return;
  }
  const cells = model.sharedModel.cells;
  const code = cells.filter(cell => cell.cell_type === 'code');
  if (code.length !== 1 || !DESIGNER_CELL.test(code[0].getSource())) {
    return;
  }
  await panel.sessionContext.ready;
  if (!panel.sessionContext.session?.kernel) {
    return;
  }
  const notebook = panel.content;
  notebook.activeCellIndex = cells.indexOf(code[0]);
  notebook.deselectAll();
  await NotebookActions.run(notebook, panel.sessionContext);
}

const autorun: JupyterFrontEndPlugin<void> = {
  id: 'pbl-author:autorun',
  description: 'Runs the designer cell of a pbl-author welcome notebook when it opens.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker) => {
    tracker.widgetAdded.connect((_, panel) => {
      runWelcomeCell(panel).catch(reason =>
        console.warn('pbl-author: could not run the welcome cell', reason)
      );
    });
  }
};

export default [plugin, autorun];

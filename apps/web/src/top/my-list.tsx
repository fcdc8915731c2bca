import { ContractLink } from '../contracts/contract-link';
import { ContractPage } from '../contracts/contract-types';
import { ErrorMessage } from '../shell/error-message';
import { pageCountOf, Pager } from '../shell/pager';
import { navigate, Routes } from '../shell/router';
import { useApiGet } from '../shell/use-api';

/** Rows per マイリスト page (decided here; the API's default too). */
const PAGE_SIZE = 20;

/**
 * ■ マイリスト: one page, 「N件中 a～b件目を表示」 and 前へ / 次へ. The page is
 * in the URL (`#/?page=2`), so 戻る from 契約文書情報 and a reload keep it.
 */
export function MyList({ page }: { page: number }) {
  const myList = useApiGet<ContractPage>(`/api/contracts?scope=MY_LIST&page=${page}&pageSize=${PAGE_SIZE}`);
  const here = Routes.topPage(page);
  return (
    <section aria-labelledby="my-list-heading">
      <h2 id="my-list-heading">■ マイリスト</h2>
      {myList.status === 'loading' && <p className="muted">読み込んでいます…</p>}
      {myList.status === 'failed' && <ErrorMessage error={myList.error} />}
      {myList.status === 'loaded' && (
        <>
          <div className="table-tools">
            <p data-testid="my-list-count">
              {myList.data.total}件中 {myList.data.from}～{myList.data.to}件目を表示
            </p>
            <Pager
              label="マイリスト"
              page={page}
              pageCount={pageCountOf(myList.data.total, myList.data.pageSize)}
              onPage={(next) => navigate(Routes.topPage(next))}
            />
          </div>
          <table aria-label="マイリスト">
            <thead>
              <tr>
                <th scope="col">No</th>
                <th scope="col">文書管理番号</th>
                <th scope="col">契約文書名称</th>
                <th scope="col">取引先企業名</th>
                <th scope="col">取引先受発注区分</th>
                <th scope="col">ステータス</th>
              </tr>
            </thead>
            <tbody>
              {myList.data.items.map((contract, index) => (
                <tr key={contract.contractId}>
                  <td>{myList.data.from + index}</td>
                  <td>
                    <ContractLink contractId={contract.contractId} from={here}>
                      {contract.documentNumber}
                    </ContractLink>
                  </td>
                  <td>
                    <ContractLink contractId={contract.contractId} from={here}>
                      {contract.name}
                    </ContractLink>
                  </td>
                  <td>{contract.counterparty.companyName}</td>
                  <td>{contract.counterparty.sideLabel}</td>
                  <td>{contract.statusLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
